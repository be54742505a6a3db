"""Pure ASGI middleware: a request id on every request, its response and its log lines, and one
access-log line per request (route template, never the query string)."""

from __future__ import annotations

import logging
import re
import time
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from webshop.core import metrics
from webshop.core.logging import current_request_id

logger = logging.getLogger("webshop.access")

REQUEST_ID_HEADER = b"x-request-id"
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


class RequestLogMiddleware:
    """Takes the caller's `X-Request-ID` when it is sane, else makes one up; returns it on the
    response and tags every log line of the request with it. It must sit outside
    SecurityMiddleware so that its generic 500 carries the id too."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = incoming_request_id(scope)
        context = current_request_id.set(request_id)
        status = 500  # unless a response starts
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [
                    *message.get("headers", []),
                    (REQUEST_ID_HEADER, request_id.encode()),
                ]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - started
            log_request(scope, status, seconds)
            # Unmatched paths share one label: a scanner must not grow the metrics without end.
            route = getattr(scope.get("route"), "path", None) or "unmatched"
            metrics.observe_request(scope["method"], route, status, seconds)
            current_request_id.reset(context)


def incoming_request_id(scope: Scope) -> str:
    for name, value in scope["headers"]:
        if name == REQUEST_ID_HEADER:
            text: str = value.decode("latin-1")
            if SANE_REQUEST_ID.fullmatch(text):
                return text
    return uuid.uuid4().hex


def log_request(scope: Scope, status: int, seconds: float) -> None:
    # The route's template, known once routing is done; the path alone when nothing matched.
    route = getattr(scope.get("route"), "path", None) or scope["path"]
    client = scope.get("client")
    duration_ms = round(seconds * 1000, 1)
    logger.info(
        "%s %s %d %.1f ms",
        scope["method"],
        route,
        status,
        duration_ms,
        extra={
            "method": scope["method"],
            "route": route,
            "status": status,
            "duration_ms": duration_ms,
            "user_id": scope.get("state", {}).get("user_id"),
            "client_ip": client[0] if client else None,
        },
    )
