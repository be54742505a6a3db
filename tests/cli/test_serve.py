"""`webshop serve` as a real process: migrates, seeds the admin, serves, and stops on SIGTERM."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

WEBSHOP = Path(sys.executable).parent / "webshop"
START_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(
    data_dir: Path, port: int, log: Path, *options: str, **extra_env: str
) -> subprocess.Popen[bytes]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_URL", "SECRET_KEY", "ADMIN_", "TEST_POSTGRES"))
    }
    env.update(DATA_DIR=str(data_dir), BCRYPT_ROUNDS="4", **extra_env)
    with log.open("ab") as output:
        return subprocess.Popen(
            [str(WEBSHOP), "serve", "--port", str(port), *options],
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


def test_every_worker_reports_the_sum_of_all_at_metrics(tmp_path):
    data_dir, temp = tmp_path / "shop", tmp_path / "tmp"
    data_dir.mkdir()
    temp.mkdir()
    port = free_port()
    process = start(data_dir, port, tmp_path / "serve.log", "--workers", "2", TMPDIR=str(temp))
    try:
        wait_healthy(port, process)
        with ThreadPoolExecutor(10) as pool:  # at once, so that both workers take some
            answers = list(pool.map(lambda _: get(port, "/shop"), range(60)))
            scrapes = list(pool.map(lambda _: get(port, "/metrics"), range(20)))
        # The workers (and any that uvicorn restarted) count into the one folder `serve` made.
        [shared] = temp.glob("webshop-metrics-*")
        counting = {path.stem.rpartition("_")[2] for path in shared.glob("counter_*.db")}
    finally:
        stop(process)

    assert {answer.status_code for answer in answers} == {200}
    assert {shop_requests(scrape.text) for scrape in scrapes} == {60.0}
    assert len(counting) >= 2
    assert list(temp.iterdir()) == []  # and it is gone when serve stops


def get(port: int, path: str) -> httpx.Response:
    return httpx.get(f"http://127.0.0.1:{port}{path}")


def shop_requests(metrics: str) -> float:
    sample = 'webshop_http_requests_total{method="GET",route="/shop",status="200"} '
    line = next(line for line in metrics.splitlines() if line.startswith(sample))
    return float(line.removeprefix(sample))
