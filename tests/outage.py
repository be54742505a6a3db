"""Databases that are down, for outage tests: a port that refuses, and one that never answers;
and the shop running on one of them."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager, nullcontext
from dataclasses import dataclass
from typing import Any

import httpx
from asgi_lifespan import LifespanManager

from tests.conftest import make_client
from webshop.core.config import Settings
from webshop.main import create_app

PASSWORD = "s3cret-never-shown"
OUTAGES = ("refuses", "hangs")


def postgres_url(port: int) -> str:
    return f"postgresql+asyncpg://shop:{PASSWORD}@127.0.0.1:{port}/shop"


def closed_port() -> int:
    """A local port nothing listens on: connecting is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def silent_port() -> Iterator[int]:
    """A local port that takes connections (the kernel completes them) but never answers:
    a database that hangs."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        yield int(listener.getsockname()[1])


@contextmanager
def database_down(outage: str) -> Iterator[str]:
    """The URL of a PostgreSQL that `outage` ("refuses" or "hangs")."""
    with silent_port() if outage == "hangs" else nullcontext(closed_port()) as port:
        yield postgres_url(port)


@asynccontextmanager
async def shop_on(
    settings: Settings, url: str, **overrides: Any
) -> AsyncIterator[httpx.AsyncClient]:
    """The real app, lifespan and all, on the database at `url`, with a short connect timeout."""
    values = {"DATABASE_URL": url, "DATABASE_CONNECT_TIMEOUT_SECONDS": 0.5, **overrides}
    app = create_app(settings.model_copy(update=values))
    async with LifespanManager(app, shutdown_timeout=15), make_client(app) as client:
        yield client


@dataclass
class Proxy:
    port: int
    frozen: asyncio.Event


@asynccontextmanager
async def proxy(target_port: int, port: int = 0) -> AsyncIterator[Proxy]:
    """Forwards a local port (`port`, or a free one) to `target_port` until `frozen` is set;
    from then on nothing gets through, either way: a server that stopped answering."""
    writers: list[asyncio.StreamWriter] = []
    frozen = asyncio.Event()

    async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(OSError):
            while (data := await reader.read(65536)) and not frozen.is_set():
                writer.write(data)
            if not frozen.is_set():  # one side hung up: so does the other
                writer.close()

    async def forward(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", target_port)
        writers.extend((writer, upstream_writer))
        await asyncio.gather(pipe(reader, upstream_writer), pipe(upstream_reader, writer))

    server = await asyncio.start_server(forward, "127.0.0.1", port)
    try:
        yield Proxy(server.sockets[0].getsockname()[1], frozen)
    finally:
        server.close()
        for writer in writers:
            writer.close()
        await server.wait_closed()
