"""`webshop serve` as a real process: migrates, seeds the admin, serves, and stops on SIGTERM."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

WEBSHOP = Path(sys.executable).parent / "webshop"
START_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(data_dir: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_URL", "SECRET_KEY", "ADMIN_", "TEST_POSTGRES"))
    }
    env.update(DATA_DIR=str(data_dir), BCRYPT_ROUNDS="4")
    with log.open("ab") as output:
        return subprocess.Popen(
            [str(WEBSHOP), "serve", "--port", str(port)],
            stdout=output,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=data_dir,
        )


def wait_healthy(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        assert process.poll() is None, "server exited early"
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError("server did not become healthy")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def test_serve_from_nothing_to_a_logged_in_admin(tmp_path):
    data_dir = tmp_path / "shop"
    data_dir.mkdir()
    log = tmp_path / "serve.log"
    port = free_port()

    process = start(data_dir, port, log)
    try:
        wait_healthy(port, process)
        output = log.read_text()
        assert "Log in at http://127.0.0.1:" in output
        password = re.search(r"Generated password .*: (\S+)", output)
        assert password, output
        login = httpx.post(
            f"http://127.0.0.1:{port}/auth/login",
            data={"username": "admin", "password": password.group(1)},
        )
        assert login.status_code == 200
        token = login.json()["access_token"]
        stats = httpx.get(
            f"http://127.0.0.1:{port}/users/stats", headers={"Authorization": f"Bearer {token}"}
        )
        assert stats.status_code == 200
        assert stats.json()["admins"] == 1
    finally:
        stop(process)
    # uvicorn shuts down gracefully, then re-raises SIGTERM so supervisors see why it exited.
    assert process.returncode in (0, -signal.SIGTERM)
    assert "Application shutdown complete" in log.read_text()

    # A restart keeps the data and the key, and prints no new password.
    process = start(data_dir, port, log)
    try:
        wait_healthy(port, process)
        assert log.read_text().count("Generated password") == 1
        assert "already exists" in log.read_text()
        again = httpx.get(
            f"http://127.0.0.1:{port}/users/me", headers={"Authorization": f"Bearer {token}"}
        )
        assert again.status_code == 200
    finally:
        stop(process)
    assert (data_dir / "secret_key").stat().st_mode & 0o777 == 0o600
