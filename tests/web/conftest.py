"""A web UI build made for each test, laid out as the frontend's build lays out its own."""

from __future__ import annotations

import gzip
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import httpx
import pytest

from tests.conftest import make_client, use_connection
from webshop.core.config import Settings
from webshop.main import create_app

try:
    import brotli
except ImportError:  # not a dependency: the server never decodes what it sends
    brotli = None

INDEX = b'<!doctype html>\n<html lang="en"><head><script type="module" src="/assets/app-abc123.js">'
INDEX += b'</script></head><body><div id="root"></div></body></html>\n'
APP_JS = b'console.log("the React app");\n' * 40
FAVICON = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"></svg>\n'
ROBOTS = b"User-agent: *\nAllow: /\n"
SECRET = b"top secret next to the build"


def brotli_compress(content: bytes) -> bytes:
    # Without the brotli package the sibling is a stand-in: which file is sent is what counts,
    # and tests read it undecoded.
    return brotli.compress(content) if brotli else b"brotli of " + content


def write_with_siblings(path: Path, content: bytes) -> None:
    path.write_bytes(content)
    path.with_name(path.name + ".gz").write_bytes(gzip.compress(content))
    path.with_name(path.name + ".br").write_bytes(brotli_compress(content))


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    """index.html and a hashed asset with .br/.gz siblings, root files without; a secret
    beside the build."""
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    write_with_siblings(dist / "index.html", INDEX)
    write_with_siblings(dist / "assets" / "app-abc123.js", APP_JS)
    (dist / "favicon.svg").write_bytes(FAVICON)
    (dist / "robots.txt").write_bytes(ROBOTS)
    (tmp_path / "secret_key").write_bytes(SECRET)
    return dist


@pytest.fixture
def web_app(dist: Path, connection: Any) -> Any:
    settings = Settings(WEB_UI_DIR=dist)
    settings.media_dir.mkdir(parents=True, exist_ok=True)  # as the lifespan does
    app = create_app(settings)
    use_connection(app, connection)
    return app


@pytest.fixture
async def web(web_app: Any) -> AsyncIterator[httpx.AsyncClient]:
    async with make_client(web_app) as client:
        yield client


async def get_raw(
    client: httpx.AsyncClient, path: str, **headers: str
) -> tuple[httpx.Response, bytes]:
    """A GET, and the body exactly as sent (httpx would decode gzip and, if it can, br)."""
    async with client.stream("GET", path, headers=headers) as response:
        body = b"".join([chunk async for chunk in response.aiter_raw()])
    return response, body


async def get_verbatim(app: Any, raw_path: bytes) -> tuple[int, bytes]:
    """GET a path as a raw client may send it: httpx, like browsers, resolves `..` first."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.4"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": unquote(raw_path.decode("latin-1")),
        "raw_path": raw_path,
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)
    body = b"".join(message.get("body", b"") for message in sent[1:])
    return sent[0]["status"], body
