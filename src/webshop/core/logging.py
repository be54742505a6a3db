"""Application logging: one JSON object (or text line) per record, on stdout and in a rotating
`LOG_DIR/app.log`, tagged with the request it was written for, secrets and emails masked."""

from __future__ import annotations

import json
import logging
import re
import sys
import weakref
from contextvars import ContextVar
from datetime import UTC, datetime
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Any

from webshop.core.config import Settings

LOG_FILE = "app.log"
LOG_FILE_MAX_BYTES = 10 * 1024 * 1024
LOG_FILE_BACKUPS = 5
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
HANDLER_PREFIX = "webshop-"  # names the handlers configure_logging installed (and replaces)

# The id of the request being handled; the request-log middleware sets it.
current_request_id: ContextVar[str | None] = ContextVar("current_request_id", default=None)

SENSITIVE_NAME = r"\w*(?:password|passwd|secret|token|authorization|api_?key|cookie)\w*"
REDACTIONS = [
    (
        # key=value or key: value, not `token = ...` in a traceback's line of code
        re.compile(
            rf"""({SENSITIVE_NAME}["']?(?:=|\s*:\s*)["']?)(?:bearer\s+)?[^\s"',;&}}]+""", re.I
        ),
        r"\1[redacted]",
    ),
    (re.compile(r"\bbearer\s+[\w.~+/=-]+", re.I), "Bearer [token]"),
    (re.compile(r"\beyJ[\w-]*(?:\.[\w-]*){0,2}"), "[token]"),  # a JWT: base64 of '{"'
    (re.compile(r"(://[^\s:/@]+:)[^\s/@]+@"), r"\1[redacted]@"),  # a password in a URL
    (re.compile(r"\$2[aby]?\$\d\d\$[./A-Za-z0-9]{53}"), "[redacted]"),  # a bcrypt hash
    (re.compile(r"\b([\w.%+-])[\w.%+-]*@([\w-]+(?:\.[\w-]+)+)"), r"\1***@\2"),
    (re.compile(r"""(/[^\s?"']*)\?[^\s"']+"""), r"\1"),  # a query string
]
# Attributes every LogRecord has; anything else on a record came from `extra=`.
RECORD_ATTRIBUTES = frozenset(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {
    "message",
    "asctime",
    "taskName",
    "color_message",
}


# What every redaction above needs to find something: most values (a method, a route, a
# request id) have none of it and skip the seven patterns, once per field of every line.
MAYBE_SENSITIVE = re.compile(r"[=:@?$]|eyJ|bearer", re.I)


def redact(text: str) -> str:
    """`text` without passwords, tokens, query strings and full email addresses."""
    if not MAYBE_SENSITIVE.search(text):
        return text
    for pattern, replacement in REDACTIONS:
        text = pattern.sub(replacement, text)
    return text


def redact_field(name: str, value: Any) -> Any:
    if re.fullmatch(SENSITIVE_NAME, name, re.I):
        return "[redacted]"
    if value is None or isinstance(value, bool | int | float):
        return value
    return redact(str(value))


class JsonFormatter(logging.Formatter):
    """One JSON object per record. Both handlers (stdout and the file) share one instance,
    which formats a record once for the two."""

    _last: tuple[weakref.ref[logging.LogRecord] | None, str] = (None, "")

    def format(self, record: logging.LogRecord) -> str:
        last, text = self._last
        if last is None or last() is not record:
            text = self._format(record)
            self._last = (weakref.ref(record), text)
        return text

    def _format(self, record: logging.LogRecord) -> str:
        time = datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")
        entry: dict[str, Any] = {
            "time": time.replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        for name, value in record.__dict__.items():
            if name not in RECORD_ATTRIBUTES and value is not None:
                entry[name] = redact_field(name, value)
        if record.exc_info:
            entry["exc"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 - the override
        line = super().formatMessage(record)
        request_id = getattr(record, "request_id", None)
        return line if request_id is None else f"{line} [request {request_id}]"

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get()
        return True


class StdoutHandler(logging.Handler):
    """Writes to whatever `sys.stdout` is when a record comes (tests swap it)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.stdout.write(self.format(record) + "\n")
            sys.stdout.flush()
        except Exception:
            self.handleError(record)


def configure_logging(settings: Settings) -> None:
    """Send the shop's, uvicorn's and aiokafka's records to stdout and `LOG_DIR/app.log`.

    Calling it again (every app, every command) replaces what the last call installed.
    """
    root = logging.getLogger()
    for handler in [h for h in root.handlers if (h.name or "").startswith(HANDLER_PREFIX)]:
        root.removeHandler(handler)
        handler.close()
    formatter = JsonFormatter() if settings.LOG_FORMAT == "json" else TextFormatter(TEXT_FORMAT)
    install(root, StdoutHandler(), "stdout", formatter)
    if settings.LOG_DIR is not None:
        try:
            install(root, rotating_file(settings.LOG_DIR), "file", formatter)
        except OSError as exc:
            logging.getLogger(__name__).warning("Not logging to a file: %s", exc)

    root.setLevel(logging.WARNING)
    logging.getLogger("webshop").setLevel(settings.LOG_LEVEL)
    uvicorn = logging.getLogger("uvicorn")
    uvicorn.handlers.clear()
    uvicorn.propagate = True
    for logger in (uvicorn, logging.getLogger("uvicorn.error")):
        logger.setLevel(settings.LOG_LEVEL)
    # The request-log middleware writes the access log, without query strings.
    logging.getLogger("uvicorn.access").disabled = True
    logging.getLogger("aiokafka").setLevel(
        logging.DEBUG if settings.KAFKA_DEBUG else logging.NOTSET
    )


def install(
    root: logging.Logger, handler: logging.Handler, name: str, formatter: logging.Formatter
) -> None:
    handler.name = HANDLER_PREFIX + name
    handler.setFormatter(formatter)
    handler.addFilter(RequestIdFilter())
    root.addHandler(handler)


def rotating_file(log_dir: Path) -> RotatingFileHandler:
    log_dir.mkdir(parents=True, exist_ok=True)
    return RotatingFileHandler(
        log_dir / LOG_FILE,
        maxBytes=LOG_FILE_MAX_BYTES,
        backupCount=LOG_FILE_BACKUPS,
        encoding="utf-8",
    )
