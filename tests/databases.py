"""Throw-away databases for test runs: a SQLite file, or a new database on a PostgreSQL server."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import asyncpg
from sqlalchemy import make_url


async def _run_on_server(dsn: str, statement: str) -> None:
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@contextmanager
def postgres_database(server_url: str) -> Iterator[str]:
    """Create a uniquely named database on the server at `server_url`; drop it afterwards.

    Fails loudly when the server is unreachable: a PostgreSQL run never skips silently.
    """
    url = make_url(server_url)
    name = f"webshop_test_{uuid.uuid4().hex[:12]}"
    dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    asyncio.run(_run_on_server(dsn, f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(drivername="postgresql+asyncpg", database=name).render_as_string(
            hide_password=False
        )
    finally:
        asyncio.run(_run_on_server(dsn, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
