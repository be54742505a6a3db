"""What the benchmark scripts share: a throw-away PostgreSQL database, settings that point an
app at it, and SIGTERM handling. Scripts import it as `benchkit`
(they run from this folder)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

import asyncpg
from sqlalchemy import URL, make_url

from webshop.core.config import Settings

BENCH_SECRET = "bench-secret-" + "x" * 64


def stop_on_sigterm(signum: int, frame: FrameType | None) -> None:
    """SIGTERM unwinds like Ctrl-C, so every `finally` (the DROP DATABASE) still runs."""
    raise KeyboardInterrupt


async def run_on_server(dsn: str, statement: str) -> None:
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@contextmanager
def throwaway_database(
    server_url: str, *, keep: bool = False, report: Callable[[str], None] = print
) -> Iterator[URL]:
    """A new, uniquely named database on the server; dropped afterwards whatever happens
    (unless `keep`)."""
    url = make_url(server_url)
    name = f"webshop_bench_{uuid.uuid4().hex[:12]}"
    dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    asyncio.run(run_on_server(dsn, f'CREATE DATABASE "{name}"'))
    report(f"Created database {name} on {url.host}:{url.port or 5432}")
    try:
        yield url.set(drivername="postgresql+asyncpg", database=name)
    finally:
        if keep:
            report(f'Kept database {name} (drop it with: DROP DATABASE "{name}" WITH (FORCE))')
        else:
            asyncio.run(run_on_server(dsn, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            report(f"Dropped database {name}")


def as_string(url: URL) -> str:
    return url.render_as_string(hide_password=False)


def configure(database_url: str, data_dir: Path, **extra: Any) -> Settings:
    """Settings for an app on the bench database (`create_app(settings)`)."""
    values: dict[str, Any] = {
        "DATABASE_URL": database_url,
        "DATA_DIR": str(data_dir),
        "SECRET_KEY": BENCH_SECRET,
        "BCRYPT_ROUNDS": "4",
        "KAFKA_ENABLED": "false",
        "RELAY_ENABLED": "false",
        **{key: str(value) for key, value in extra.items()},
    }
    return Settings(**values, _env_file=None)  # type: ignore[arg-type]
