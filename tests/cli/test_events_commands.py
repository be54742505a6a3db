"""`webshop events relay` and `consume` as a user runs them."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from webshop.cli import main
from webshop.core.config import get_settings

WEBSHOP = Path(sys.executable).parent / "webshop"


def test_the_standalone_relay_starts_and_stops_on_sigterm(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_URL", "TEST_POSTGRES", "KAFKA_"))
    }
    env.update(DATA_DIR=str(tmp_path), BCRYPT_ROUNDS="4")
    log = tmp_path / "relay.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [str(WEBSHOP), "events", "relay"], stdout=output, stderr=subprocess.STDOUT, env=env
        )
    try:
        deadline = time.monotonic() + 20
        while "relay" not in log.read_text() or "started" not in log.read_text():
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, log.read_text()
    assert "(in-process)" in log.read_text()
    assert "stopped" in log.read_text()


def test_consume_explains_that_embedded_mode_needs_no_consumer(monkeypatch, tmp_path):
    monkeypatch.setenv("KAFKA_ENABLED", "false")
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(main, ["events", "consume"])
    finally:
        get_settings.cache_clear()

    assert result.exit_code != 0
    assert "in-process" in result.output
