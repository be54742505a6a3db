"""Pure ASGI middleware: security headers and a last-resort 500 on every response, and request
bodies refused once they grow past their limit."""

from __future__ import annotations

import json
import logging
from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from webshop.api.errors import INTERNAL_ERROR

logger = logging.getLogger("webshop.errors")

API_POLICY = "default-src 'none'; frame-ancestors 'none'"
SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
# For answers with a body that is not a page: the web UI's pages and the docs send their own,
# wider policy. Never on a 304, which has no type: a browser would merge it into the cached
# page's and block the page's own scripts.
API_CSP = (b"content-security-policy", API_POLICY.encode())
HSTS = (b"strict-transport-security", b"max-age=31536000; includeSubDomains")
NO_STORE = (b"cache-control", b"no-store")


def _headers_for(scope: Scope) -> list[tuple[bytes, bytes]]:
    """The security headers, HSTS over https, and `no-store` where an answer is personal: a
    request with credentials (a Bearer token or the refresh cookie under /auth) never leaves
    its answer, tokens included, in a cache."""
    headers = list(SECURITY_HEADERS)
    if scope.get("scheme") == "https":
        headers.append(HSTS)
    authorised = any(name == b"authorization" for name, _ in scope["headers"])
    if authorised or scope["path"].startswith(("/auth/", "/users/me")):
        headers.append(NO_STORE)
    return headers


INTERNAL_ERROR_BODY = json.dumps(
    {"detail": INTERNAL_ERROR.detail, "code": INTERNAL_ERROR.code}
).encode()


class SecurityMiddleware:
    """Adds the security headers and turns an unhandled exception into a generic JSON 500.

    It sits inside Starlette's own error middleware, so even a crash answers with our
    headers and our error shape; the traceback goes to the log, never to the client.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        started = False
        extra_headers = _headers_for(scope)

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", []))
                present = {name.lower(): value for name, value in headers}
                content_type = present.get(b"content-type", b"")
                wanted = extra_headers
                if content_type and not content_type.startswith(b"text/html"):
                    wanted = [*wanted, API_CSP]
                headers += [header for header in wanted if header[0] not in present]
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            logger.exception("Unhandled error on %s %s", scope["method"], scope["path"])
            if started:
                raise
            await send_with_headers(
                {
                    "type": "http.response.start",
                    "status": 500,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", str(len(INTERNAL_ERROR_BODY)).encode()),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": INTERNAL_ERROR_BODY})


BODY_LIMIT_KEY = "x-max-body-bytes"


def body_limit(max_bytes: int) -> dict[str, Any]:
    """`openapi_extra=` for a route that accepts a body larger than the default (an upload);
    the limit is documented in the operation."""
    return {BODY_LIMIT_KEY: max_bytes}


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"The request body may be at most {limit:,} bytes")


class BodyLimitMiddleware:
    """Refuses a request body larger than its route allows, before it is read whole.

    The limit is the route's own (see `body_limit`; an upload route declares a bigger one) or
    `default_limit`. It is looked up when the body is first read, which is after routing. A
    declared `Content-Length` over the limit is refused before a byte is read; a body without
    one is counted as it arrives. A route that never reads its body never pays for it.
    """

    def __init__(self, app: ASGIApp, default_limit: int) -> None:
        self.app = app
        self.default_limit = default_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            limit = self.limit_of(scope)
            if received == 0 and _declared_length(scope) > limit:
                raise BodyTooLarge(limit)
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        await self.app(scope, limited_receive, send)

    def limit_of(self, scope: Scope) -> int:
        declared = getattr(scope.get("route"), "openapi_extra", None) or {}
        return int(declared.get(BODY_LIMIT_KEY, self.default_limit))


def _declared_length(scope: Scope) -> int:
    for name, value in scope["headers"]:
        if name == b"content-length":
            return int(value) if value.isdigit() else 0
    return 0
