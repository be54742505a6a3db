"""`webshop serve` as a real process for the browser tests: started, waited for, stopped."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from webshop.core.config import Settings

START_TIMEOUT = 60.0
STOP_TIMEOUT = 15.0
SEED_TIMEOUT = 180.0
DELIVERY_TIMEOUT = 60.0
WEBSHOP = [sys.executable, "-m", "webshop.cli"]  # the `webshop` command of this environment
ADMIN_USERNAME = "admin"
ADMIN_EMAIL = "admin@example.com"
ADMIN_PASSWORD = "E2e-Admin-Pass-7c41d9"


@dataclass(frozen=True)
class Server:
    base_url: str
    data_dir: Path
    log: Path
    process: subprocess.Popen[bytes]
    admin_username: str = ADMIN_USERNAME
    admin_password: str = ADMIN_PASSWORD

    def url(self, path: str = "/") -> str:
        return self.base_url + path

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_env(data_dir: Path, database_url: str, **settings: str) -> dict[str, str]:
    # Nothing of the shop's settings leaks in from the caller (the root conftest sets some).
    inherited = {
        key: value
        for key, value in os.environ.items()
        if key not in Settings.model_fields and key != "TEST_POSTGRES_URL"
    }
    return {
        **inherited,
        "PYTHONUNBUFFERED": "1",
        "DATA_DIR": str(data_dir),
        "DATABASE_URL": database_url,
        "ADMIN_USERNAME": ADMIN_USERNAME,
        "ADMIN_EMAIL": ADMIN_EMAIL,
        "ADMIN_PASSWORD": ADMIN_PASSWORD,
        "BCRYPT_ROUNDS": "4",
        "SECRET_KEY": "e2e-secret-key-0123456789abcdefghijklmnopqrstuv",
        "KAFKA_ENABLED": "false",
        "SHOP_NAME": "E2E Shop",
        # Every browser of the suite comes from 127.0.0.1: one address for all its customers.
        "RATE_LIMIT_REGISTER_IP": "1000/1h",
        "RATE_LIMIT_REFRESH_IP": "1000/1m",
        "RATE_LIMIT_LOGIN_IP": "1000/15m",
        "LOG_DIR": "",
        **settings,
    }


def start_server(data_dir: Path, database_url: str, **settings: str) -> Server:
    """Start `webshop serve` on a free port and wait until `/health` answers 200; `settings`
    override the shop's settings (`SHOP_NAME="Corner Shop"`)."""
    port = free_port()
    command = [*WEBSHOP, "serve", "--host", "127.0.0.1"]
    log = data_dir / "server.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [*command, "--port", str(port)],
            stdout=output,
            stderr=subprocess.STDOUT,
            env=server_env(data_dir, database_url, **settings),
            cwd=data_dir,  # so that no `.env` of the developer's is read
            start_new_session=True,  # its own process group, to make sure nothing is left
        )
    server = Server(
        base_url=f"http://127.0.0.1:{port}", data_dir=data_dir, log=log, process=process
    )
    try:
        wait_healthy(server)
    except BaseException:
        stop_server(server)
        raise
    return server


def seed_demo_data(data_dir: Path, database_url: str, **settings: str) -> None:
    """Run `webshop seed` (the demo data) on the database, in the environment `start_server`
    gives the server; its output goes to `data_dir/seed.log`."""
    log = data_dir / "seed.log"
    with log.open("wb") as output:
        try:
            returncode = subprocess.run(
                [*WEBSHOP, "seed"],
                stdout=output,
                stderr=subprocess.STDOUT,
                env=server_env(data_dir, database_url, **settings),
                cwd=data_dir,
                timeout=SEED_TIMEOUT,
                check=False,
            ).returncode
        except subprocess.TimeoutExpired:
            returncode = None
    if returncode != 0:
        outcome = "timed out" if returncode is None else f"exited with {returncode}"
        raise RuntimeError(
            f"webshop seed {outcome}. Its output ({log}):\n{log.read_text(errors='replace')}"
        )


def wait_delivered(server: Server) -> None:
    """Wait until the relay has delivered every event so far (`/health` reports no backlog):
    then the figures that count events (active users, product views) hold still."""
    deadline = time.monotonic() + DELIVERY_TIMEOUT
    backlog = None
    while time.monotonic() < deadline:
        try:  # a server busy relaying may answer slowly
            backlog = httpx.get(server.url("/health"), timeout=30).json()["outbox_backlog"]
        except httpx.TimeoutException:
            continue
        if backlog == 0:
            return
        time.sleep(0.2)
    raise RuntimeError(
        f"{backlog} events still in the outbox after {DELIVERY_TIMEOUT:.0f} s. "
        f"The server's output ({server.log}):\n{server.output()}"
    )


def wait_healthy(server: Server) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"webshop serve exited with {server.process.returncode} before it was healthy. "
                f"Its output ({server.log}):\n{server.output()}"
            )
        try:
            if httpx.get(server.url("/health"), timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError(
        f"webshop serve did not answer /health with 200 within {START_TIMEOUT:.0f} s. "
        f"Its output ({server.log}):\n{server.output()}"
    )


def stop_server(server: Server) -> None:
    """SIGTERM, then SIGKILL after a bound; then make sure its process group is empty."""
    process = server.process
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    try:
        os.killpg(process.pid, signal.SIGKILL)  # anything it started and left behind
    except ProcessLookupError:
        return
    raise RuntimeError(f"webshop serve (pid {process.pid}) left processes behind; killed them")
