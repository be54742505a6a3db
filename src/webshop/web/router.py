"""The web UI at `/`: the build's files, and its index.html for every other page.

Only `/` is a route. Files and pages are answered where the router would answer 404 (a handler
for that status), so every API route, its 404s and 405s stay exactly what they were; a GET or
HEAD outside the API's prefixes gets a file of the build, or index.html (200 for a page of the
app, 404 for anything else). Without a build (no index.html) `/` says how to make one and the
rest is the API alone.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, JSONResponse, Response

from webshop import __version__
from webshop.api.errors import http_error
from webshop.core.config import Settings
from webshop.web.files import WebUi
from webshop.web.pages import is_page
from webshop.web.schemas import ServiceInfo

PACKAGE_BUILD = Path(__file__).parent / "dist"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# Assets have content hashes in their names: a changed file is a new URL.
ASSET_CACHE = "public, max-age=31536000, immutable"
# Revalidated every time, so that a new build's page loads the new build's assets.
PAGE_CACHE = "no-cache"
ROOT_FILE_CACHE = "public, max-age=3600"
NOT_BUILT = (
    "not built: `make run` builds it (needs Node.js 18+ and npm), "
    "or run `npm ci && npm run build` in frontend/"
)
# The API's first path segments: a missing path under one stays a JSON 404 (tests/web checks
# that every API route is under one of them).
API_PREFIXES = frozenset(
    {
        "auth",
        "users",
        "products",
        "orders",
        "customers",
        "events",
        "analytics",
        "health",
        "metrics",
        "shop",
        "media",
        "docs",
        "openapi.json",
    }
)
# Under /admin, the app's pages but for these second segments: the admin console's own API.
ADMIN_API_SEGMENTS = frozenset({"audit", "checks", "outbox"})
READ_METHODS = frozenset({"GET", "HEAD"})
REVALIDATED = frozenset({"etag", "last-modified", "cache-control", "vary"})  # sent with a 304


def install_web_ui(app: FastAPI, settings: Settings) -> None:
    """Serve the build in `WEB_UI_DIR` (unset: the package's `web/dist`)."""
    ui = WebUi(settings.WEB_UI_DIR or PACKAGE_BUILD)
    not_built = ServiceInfo(
        name=settings.SHOP_NAME,
        version=__version__,
        docs="/docs",
        health="/health",
        web_ui=NOT_BUILT,
    )

    async def home(request: Request) -> Response:
        page = _page(ui, request, 200) if ui.is_built() else None
        return page or JSONResponse(not_built.model_dump())

    async def not_found(request: Request, exc: Exception) -> Response:
        path: str = request.scope["path"]
        if request.method not in READ_METHODS or is_api_path(path):
            return http_error(request, exc)
        response = None
        if ui.is_built():
            file = ui.find(path)
            if file is None or file == ui.index:
                response = _page(ui, request, 200 if file or is_page(path) else 404)
            else:
                cache = ASSET_CACHE if path.startswith("/assets/") else ROOT_FILE_CACHE
                response = _file(ui, request, file, cache)
        return response or http_error(request, exc)

    app.add_api_route("/", home, methods=["GET", "HEAD"], include_in_schema=False)
    app.add_exception_handler(404, not_found)


def is_api_path(path: str) -> bool:
    """Whether `path` is the API's (a JSON 404 when missing) rather than the web UI's."""
    segments = path.split("/", 3) if path.startswith("/") else ["", ""]
    if segments[1] == "admin":
        return len(segments) > 2 and segments[2] in ADMIN_API_SEGMENTS
    return segments[1] in API_PREFIXES


def _page(ui: WebUi, request: Request, status: int) -> Response | None:
    headers = {"Content-Security-Policy": CONTENT_SECURITY_POLICY}
    return _file(ui, request, ui.index, PAGE_CACHE, status=status, headers=headers)


def _file(
    ui: WebUi,
    request: Request,
    file: Path,
    cache_control: str,
    *,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> Response | None:
    """`file` in the best encoding the client accepts, or None if it vanished meanwhile (a new
    build is being written)."""
    sent = ui.representation(file, request.headers.get("accept-encoding", ""))
    if sent is None:
        return None
    headers = {"Cache-Control": cache_control, **(headers or {})}
    if sent.encoding:
        headers["Content-Encoding"] = sent.encoding
    if sent.varies:
        headers["Vary"] = "Accept-Encoding"
    response = FileResponse(
        sent.path, status, headers, media_type=sent.media_type, stat_result=sent.stat
    )
    if status == 200 and _matches(request.headers.get("if-none-match"), response.headers["etag"]):
        kept = {name: value for name, value in response.headers.items() if name in REVALIDATED}
        return Response(status_code=304, headers=kept)
    return response


def _matches(if_none_match: str | None, etag: str) -> bool:
    """`If-None-Match` names this ETag, compared weakly (RFC 9110, 13.1.2)."""
    if not if_none_match:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in tags or etag in tags
