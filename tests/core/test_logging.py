"""Log records become one redacted JSON object per line, on stdout and in a rotating file."""

import json
import logging
import sys
from datetime import datetime
from logging.handlers import RotatingFileHandler

import pytest

from webshop.core.config import Settings
from webshop.core.logging import (
    HANDLER_PREFIX,
    JsonFormatter,
    configure_logging,
    current_request_id,
    redact,
)

JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.c2lnbmF0dXJlLWJ5dGVz"


@pytest.fixture
def configure(tmp_path):
    """Configure logging with these settings; put the default handlers back afterwards."""

    def apply(**values):
        values = {"DATA_DIR": tmp_path, "LOG_DIR": tmp_path / "logs", **values}
        settings = Settings(_env_file=None, **values)
        configure_logging(settings)
        return settings

    yield apply
    root = logging.getLogger()
    for handler in [h for h in root.handlers if (h.name or "").startswith(HANDLER_PREFIX)]:
        root.removeHandler(handler)
        handler.close()
    logging.getLogger("aiokafka").setLevel(logging.NOTSET)


def our_handlers():
    return [h for h in logging.getLogger().handlers if (h.name or "").startswith(HANDLER_PREFIX)]


def format_record(message, *args, exc_info=None, **extra):
    record = logging.getLogger("webshop.test").makeRecord(
        "webshop.test", logging.WARNING, __file__, 1, message, args, exc_info, extra=extra
    )
    return json.loads(JsonFormatter().format(record))


def test_a_record_is_one_json_object_with_utc_time_and_extra_fields():
    entry = format_record("Shipped order %d", 7, order_id=7, carrier="DHL")

    assert entry["level"] == "WARNING"
    assert entry["logger"] == "webshop.test"
    assert entry["message"] == "Shipped order 7"
    assert entry["order_id"] == 7
    assert entry["carrier"] == "DHL"
    assert entry["time"].endswith("Z")
    assert datetime.fromisoformat(entry["time"]).utcoffset().total_seconds() == 0


def test_an_exception_is_one_string_field():
    try:
        raise ValueError("broken")
    except ValueError:
        entry = format_record("Failed", exc_info=sys.exc_info())

    assert entry["exc"].startswith("Traceback")
    assert "ValueError: broken" in entry["exc"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Welcome alice.smith@example.com", "Welcome a***@example.com"),
        (f"token {JWT} refused", "token [token] refused"),
        (f"Authorization: Bearer {JWT}", "Authorization: [redacted]"),
        ("got Bearer abc.def-123 back", "got Bearer [token] back"),
        ("login with password=hunter2 failed", "login with password=[redacted] failed"),
        ("{'new_password': 'hunter2', 'name': 'x'}", "{'new_password': '[redacted]', 'name': 'x'}"),
        ('{"refresh_token": "abc"}', '{"refresh_token": "[redacted]"}'),
        (
            "postgresql://shop:s3cret@db:5432/shop down",
            "postgresql://shop:[redacted]@db:5432/shop down",
        ),
        (f"[parameters: ('ann', '$2b$12${'a' * 53}')]", "[parameters: ('ann', '[redacted]')]"),
        ("GET /products?q=shoes&page=2 failed", "GET /products failed"),
        ("Outbox relay started (kafka)", "Outbox relay started (kafka)"),
    ],
)
def test_redaction(text, expected):
    assert redact(text) == expected


def test_message_and_extra_fields_are_redacted():
    entry = format_record(
        "Reset for %s", "bob@example.com", password="hunter2", note=f"used {JWT}", user_id=3
    )

    assert entry["message"] == "Reset for b***@example.com"
    assert entry["password"] == "[redacted]"
    assert entry["note"] == "used [token]"
    assert entry["user_id"] == 3


def test_records_go_to_stdout_and_a_rotating_file_in_log_dir(configure, tmp_path, capsys):
    configure()
    logging.getLogger("webshop.test").info("Hello %s", "file")

    handlers = our_handlers()
    assert len(handlers) == 2
    [rotating] = [h for h in handlers if isinstance(h, RotatingFileHandler)]
    assert (rotating.maxBytes, rotating.backupCount) == (10 * 1024 * 1024, 5)
    [line] = (tmp_path / "logs" / "app.log").read_text().splitlines()
    assert json.loads(line)["message"] == "Hello file"
    assert json.loads(capsys.readouterr().out)["message"] == "Hello file"


def test_configuring_again_replaces_the_handlers_and_empty_log_dir_means_stdout_only(configure):
    configure()
    configure(LOG_DIR="")

    assert [type(h).__name__ for h in our_handlers()] == ["StdoutHandler"]


def test_uvicorn_records_are_ours_and_its_access_log_is_off(configure, capsys):
    configure()
    logging.getLogger("uvicorn.error").info("Started server process")
    logging.getLogger("uvicorn.access").info('127.0.0.1 - "GET /?q=secret HTTP/1.1" 200')

    [line] = capsys.readouterr().out.splitlines()
    assert json.loads(line)["logger"] == "uvicorn.error"


def test_text_format_and_level(configure, capsys):
    configure(LOG_FORMAT="text", LOG_LEVEL="warning")
    context = current_request_id.set("req-1")
    try:
        logging.getLogger("webshop.test").info("Hidden")
        logging.getLogger("webshop.test").warning("Mail to carol@example.com")
    finally:
        current_request_id.reset(context)

    [line] = capsys.readouterr().out.splitlines()
    assert line.endswith("WARNING webshop.test: Mail to c***@example.com [request req-1]")


@pytest.mark.parametrize(("kafka_debug", "enabled"), [(True, True), (False, False)])
def test_kafka_debug_turns_on_the_kafka_clients_debug_records(configure, kafka_debug, enabled):
    configure(KAFKA_DEBUG=kafka_debug)

    assert logging.getLogger("aiokafka.consumer").isEnabledFor(logging.DEBUG) is enabled
    assert logging.getLogger("webshop").isEnabledFor(logging.DEBUG) is False


def test_logging_settings_defaults(tmp_path, monkeypatch):
    for name in ("LOG_DIR", "LOG_LEVEL", "LOG_FORMAT", "KAFKA_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings(_env_file=None, DATA_DIR=tmp_path)

    assert str(settings.LOG_DIR) == "logs"
    assert settings.LOG_LEVEL == "INFO"
    assert settings.LOG_FORMAT == "json"
    assert settings.KAFKA_DEBUG is False


def test_a_record_is_formatted_once_for_both_handlers(monkeypatch):
    formatter = JsonFormatter()
    formatted = []
    real_format = formatter._format
    monkeypatch.setattr(
        formatter, "_format", lambda record: formatted.append(record) or real_format(record)
    )
    first = logging.LogRecord("webshop", logging.INFO, "", 0, "first %s", ("x",), None)
    second = logging.LogRecord("webshop", logging.INFO, "", 0, "second", None, None)

    lines = [formatter.format(record) for record in (first, first, second)]

    assert formatted == [first, second]
    assert lines[0] == lines[1] != lines[2]
    assert json.loads(lines[2])["message"] == "second"
