"""`webshop serve` started before its database: it waits a while, saying for what, and either
goes on when the database comes or gives up with one clear line."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
import httpx
import pytest
from sqlalchemy import make_url

from tests.outage import OUTAGES, PASSWORD, closed_port, database_down, proxy

WEBSHOP = Path(sys.executable).parent / "webshop"
EXIT_SECONDS = 60.0
REASONS = {"refuses": "connection refused", "hangs": "no answer in time"}


def serve_env(data_dir: Path, database_url: str, **settings: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_", "SECRET_KEY", "ADMIN_", "TEST_POSTGRES"))
    }
    return env | {
        "DATA_DIR": str(data_dir),
        "BCRYPT_ROUNDS": "4",
        "DATABASE_URL": database_url,
        "DATABASE_CONNECT_TIMEOUT_SECONDS": "0.5",
        **settings,
    }


@pytest.mark.parametrize("outage", OUTAGES)
def test_serve_gives_up_on_a_database_that_never_comes(tmp_path, outage):
    with database_down(outage) as url:
        port = make_url(url).port
        done = subprocess.run(
            [str(WEBSHOP), "serve", "--port", "1"],  # never reached: no port is opened
            env=serve_env(tmp_path, url, DATABASE_STARTUP_WAIT_SECONDS="1.5"),
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=EXIT_SECONDS,
            check=False,
        )

    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    waiting = [line for line in output.splitlines() if line.startswith("Waiting")]
    assert len(waiting) == 1, output  # a line every 10 s, not one per attempt
    assert waiting[0].startswith(
        f"Waiting for the database at 127.0.0.1:{port} ({REASONS[outage]})... "
    )
    assert waiting[0].endswith(" s left")
    assert (
        f"Error: The database at 127.0.0.1:{port} did not answer within 1.5 s "
        f"({REASONS[outage]}). Is it running, and is DATABASE_URL right?"
    ) in output
    assert "Traceback" not in output
    assert PASSWORD not in output


@asynccontextmanager
async def scratch_database(server_url: str) -> AsyncIterator[str]:
    """A new, empty database on the PostgreSQL at `server_url`; dropped afterwards."""
    dsn = make_url(server_url).set(drivername="postgresql")
    name = f"webshop_wait_{uuid.uuid4().hex[:12]}"
    server = await asyncpg.connect(dsn.render_as_string(hide_password=False))
    try:
        await server.execute(f'CREATE DATABASE "{name}"')
        yield dsn.set(database=name).render_as_string(hide_password=False)
    finally:
        await server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await server.close()


async def line_with(output: asyncio.StreamReader, text: str) -> str:
    async with asyncio.timeout(EXIT_SECONDS):
        while line := (await output.readline()).decode():
            if text in line:
                return line
    raise AssertionError(f"the output ended without {text!r}")


@pytest.mark.skipif(not os.environ.get("TEST_POSTGRES_URL"), reason="needs TEST_POSTGRES_URL")
async def test_serve_goes_on_when_the_database_comes_up_while_it_waits(tmp_path):
    port, web_port = closed_port(), closed_port()
    async with scratch_database(os.environ["TEST_POSTGRES_URL"]) as url:
        real = make_url(url)
        waiting_for = real.set(host="127.0.0.1", port=port).render_as_string(hide_password=False)
        process = await asyncio.create_subprocess_exec(
            str(WEBSHOP),
            "serve",
            "--port",
            str(web_port),
            env=serve_env(tmp_path, waiting_for, LOG_FORMAT="text", PYTHONUNBUFFERED="1"),
            cwd=tmp_path,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        assert process.stdout is not None
        try:
            await line_with(process.stdout, f"Waiting for the database at 127.0.0.1:{port}")
            async with proxy(real.port or 5432, port=port):  # the database comes up
                await line_with(process.stdout, "Application startup complete")
                async with httpx.AsyncClient() as client:
                    health = await client.get(f"http://127.0.0.1:{web_port}/health")
                process.send_signal(signal.SIGTERM)
                async with asyncio.timeout(EXIT_SECONDS):
                    await process.communicate()
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()

    assert health.status_code == 200
    assert health.json()["database"] == "ok"
