"""Real `webshop serve` processes for the scale-out tests: started side by side on one database,
watched (their log, their connections to the broker), and stopped by PID."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from webshop.core.config import Settings
from webshop.core.metrics import MULTIPROCESS_DIR

WEBSHOP = Path(sys.executable).parent / "webshop"  # the `webshop` command of this environment
START_TIMEOUT = 60.0  # generous: a loaded CI machine starts slowly
STOP_TIMEOUT = 15.0
SECRET_KEY = "two-servers-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"
ADMIN_USERNAME = "admin"
ADMIN_EMAIL = "admin@example.com"
ADMIN_PASSWORD = "Two-Servers-Admin-5b8e21"
RELAY_STARTED = re.compile(r"^Outbox relay (\S+) started \((\S+)\)$")
RELAY_STOPPED = re.compile(r"^Outbox relay (\S+) stopped$")


@dataclass(frozen=True)
class ShopServer:
    name: str
    port: int
    log: Path
    process: subprocess.Popen[bytes]

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def log_messages(self) -> list[str]:
        """The `message` of every JSON log record the server wrote so far."""
        messages = []
        for line in self.output().splitlines():
            try:
                record: Any = json.loads(line)
            except ValueError:
                continue  # click's plain lines (the banner)
            if isinstance(record, dict) and isinstance(record.get("message"), str):
                messages.append(record["message"])
        return messages

    def relay_holders(self, pattern: re.Pattern[str] = RELAY_STARTED) -> list[str]:
        """The lease-holder names this server's relays logged as started (or stopped)."""
        return [
            match.group(1)
            for message in self.log_messages()
            if (match := pattern.match(message)) is not None
        ]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_env(data_dir: Path, **settings: str) -> dict[str, str]:
    """The environment of a server: nothing of the shop's settings leaks in from the test run
    (the root conftest sets several), one secret for all servers (a token one signs, the others
    accept), and limits no test client from 127.0.0.1 reaches."""
    inherited = {
        key: value
        for key, value in os.environ.items()
        if key not in Settings.model_fields and key not in {"TEST_POSTGRES_URL", MULTIPROCESS_DIR}
    }
    return {
        **inherited,
        "PYTHONUNBUFFERED": "1",
        "DATA_DIR": str(data_dir),
        "SECRET_KEY": SECRET_KEY,
        "ADMIN_USERNAME": ADMIN_USERNAME,
        "ADMIN_EMAIL": ADMIN_EMAIL,
        "ADMIN_PASSWORD": ADMIN_PASSWORD,
        "BCRYPT_ROUNDS": "4",
        "RATE_LIMIT_REGISTER_IP": "10000/1h",
        "RATE_LIMIT_REFRESH_IP": "10000/1m",
        "RATE_LIMIT_LOGIN_IP": "10000/15m",
        "RATE_LIMIT_LOGIN_ACCOUNT_IP": "10000/1m",
        "RATE_LIMIT_LOGIN_ACCOUNT": "10000/1h",
        "LOG_DIR": "",
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "INFO",
        "WEB_UI_DIR": str(data_dir / "no-web-ui"),
        **settings,
    }


def launch(name: str, data_dir: Path, **settings: str) -> ShopServer:
    """Start `webshop serve` on a free port, in a process group of its own; does not wait."""
    data_dir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = data_dir / "server.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [str(WEBSHOP), "serve", "--host", "127.0.0.1", "--port", str(port)],
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            env=server_env(data_dir, **settings),
            cwd=data_dir,  # so that no `.env` of the developer's is read
            start_new_session=True,
        )
    return ShopServer(name=name, port=port, log=log, process=process)


def wait_healthy(servers: list[ShopServer], *, within: float = START_TIMEOUT) -> None:
    """Wait until every server answers `/health` with 200 (they start in parallel)."""
    deadline = time.monotonic() + within
    waiting = list(servers)
    while waiting:
        for server in list(waiting):
            if server.process.poll() is not None:
                raise RuntimeError(
                    f"server {server.name} exited with {server.process.returncode} before it "
                    f"was healthy. Its output:\n{server.output()}"
                )
            try:
                if httpx.get(f"{server.base_url}/health", timeout=2).status_code == 200:
                    waiting.remove(server)
            except httpx.TransportError:
                pass
        if waiting and time.monotonic() > deadline:
            outputs = "\n".join(f"--- {s.name}:\n{s.output()}" for s in waiting)
            raise RuntimeError(f"not healthy within {within:.0f} s:\n{outputs}")
        if waiting:
            time.sleep(0.1)


def wait_seeded(server: ShopServer, *, within: float = START_TIMEOUT) -> None:
    """Wait until the server has migrated the database and seeded the administrator (it then
    prints its banner and starts serving)."""
    deadline = time.monotonic() + within
    while "WebShop " not in server.output():
        if server.process.poll() is not None:
            raise RuntimeError(
                f"server {server.name} exited with {server.process.returncode} while starting. "
                f"Its output:\n{server.output()}"
            )
        if time.monotonic() > deadline:
            raise RuntimeError(f"server {server.name} did not start within {within:.0f} s")
        time.sleep(0.05)


def terminate(server: ShopServer, *, within: float = STOP_TIMEOUT) -> int | None:
    """SIGTERM to the server's PID and wait for it, at most `within` seconds; then SIGKILL to
    its process group, whatever is left of it. Returns the exit status (None if killed)."""
    process = server.process
    returncode = process.poll()
    if returncode is None:
        process.send_signal(signal.SIGTERM)
        try:
            returncode = process.wait(timeout=within)
        except subprocess.TimeoutExpired:
            returncode = None
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # its own group: only what it started
    if process.poll() is None:
        process.wait(timeout=within)
    return returncode


def broker_connections(pid: int, port: int) -> int:
    """Open TCP connections from process `pid` to `port` on this machine (Linux: its socket
    descriptors matched against /proc/net/tcp*); 0 when the process is gone."""
    inodes = set()
    try:
        descriptors = list(Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return 0
    for descriptor in descriptors:
        try:
            target = os.readlink(descriptor)
        except OSError:
            continue  # closed meanwhile
        if target.startswith("socket:["):
            inodes.add(target[len("socket:[") : -1])
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            remote, state, inode = fields[2], fields[3], fields[9]
            established = state == "01"
            if established and int(remote.rpartition(":")[2], 16) == port and inode in inodes:
                count += 1
    return count


def can_see_connections() -> bool:
    return Path("/proc/net/tcp").exists() and Path(f"/proc/{os.getpid()}/fd").exists()
