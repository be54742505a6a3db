"""OWASP API9:2023 Improper inventory management: every route is documented, as it behaves.

The routes the app serves and the operations `/openapi.json` documents are the same set, but
for an explicit list of what is not API (the web UI, the docs page and its assets, the media
files). Each operation has a tag, a summary, a description and a unique id; one that needs a
token says so (its security scheme and a 401), an administrators' one documents its 403. No
old, debug or test routes linger, and the media mount serves files, not listings or anything
outside it.
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import httpx
from fastapi.routing import APIRoute
from starlette.routing import Mount, Route

from tests.security.conftest import all_routes, api_routes, route_kind
from webshop.auth.dependencies import get_caller
from webshop.users.models import UserRole

UNDOCUMENTED_ROUTES = {("GET", "/"), ("HEAD", "/"), ("GET", "/docs")}  # web UI, docs page
UNDOCUMENTED_STARLETTE = {"/openapi.json"}  # the document itself
MOUNTS = {"/docs/assets", "/docs/start", "/media"}
FORBIDDEN_PREFIXES = ("/v1", "/v2", "/api/v", "/old", "/legacy", "/debug", "/test", "/internal")


def documented_operations(app: Any) -> set[tuple[str, str]]:
    return {
        (method.upper(), path) for path, item in app.openapi()["paths"].items() for method in item
    }


def test_every_route_is_documented_and_every_documented_operation_is_served(app: Any) -> None:
    served: set[tuple[str, str]] = set()
    undocumented: set[tuple[str, str]] = set()
    for route in api_routes(app):
        methods = {(method, route.path_format) for method in route.methods}
        (served if route.include_in_schema else undocumented).update(methods)
    others = [route for route in all_routes(app) if not issubclass(route_kind(route), APIRoute)]
    starlette_routes = {route.path for route in others if route_kind(route) is Route}
    mounts = {route.path for route in others if route_kind(route) is Mount}
    assert len(others) == len(starlette_routes) + len(mounts)  # nothing else (no websockets)

    assert undocumented == UNDOCUMENTED_ROUTES
    assert starlette_routes == UNDOCUMENTED_STARLETTE
    assert mounts == MOUNTS
    assert served - {("HEAD", path) for _, path in served} == documented_operations(app)


def test_no_old_debug_or_test_routes(app: Any) -> None:
    paths = {path for _, path in documented_operations(app)}
    assert not [path for path in paths if path.lower().startswith(FORBIDDEN_PREFIXES)]
    operations = [op for item in app.openapi()["paths"].values() for op in item.values()]
    assert not [op["operationId"] for op in operations if op.get("deprecated")]


def _calls(dependant: Any) -> list[Any]:
    found = []
    for dependency in dependant.dependencies:
        if dependency.call is not None:
            found.append(dependency.call)
        found += _calls(dependency)
    return found


def _is_admin_guard(call: Any) -> bool:
    if getattr(call, "__qualname__", "") != "require_role.<locals>.guard":
        return False
    return inspect.getclosurevars(call).nonlocals.get("role") is UserRole.ADMIN


def test_each_operation_documents_what_it_needs(app: Any) -> None:
    schema = app.openapi()
    operation_ids = []
    for route in api_routes(app):
        if not route.include_in_schema:
            continue
        calls = _calls(route.dependant)
        for method in route.methods:
            operation = schema["paths"][route.path_format][method.lower()]
            where = (method, route.path_format)
            operation_ids.append(operation["operationId"])
            assert operation.get("tags"), where
            assert operation.get("summary"), where
            assert operation.get("description"), where
            if get_caller in calls:
                assert "401" in operation["responses"], where
                assert {"OAuth2PasswordBearer": []} in operation.get("security", []), where
            if any(map(_is_admin_guard, calls)):
                assert "403" in operation["responses"], where
    assert len(operation_ids) == len(set(operation_ids))


async def test_the_published_document_is_the_apps(app: Any, client: httpx.AsyncClient) -> None:
    published = await client.get("/openapi.json")
    docs = await client.get("/docs")

    assert published.json() == app.openapi()
    assert docs.status_code == 200
    assert "/openapi.json" in (await client.get("/docs/start/swagger-init.js")).text


async def raw_get(app: Any, raw_path: bytes) -> int:
    """A GET sent exactly as written (httpx, like browsers, would resolve `..` first)."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": unquote(raw_path.decode("latin-1")),
        "raw_path": raw_path,
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 1234),
        "server": ("testserver", 80),
    }
    status: list[int] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            status.append(message["status"])

    await app(scope, receive, send)
    return status[0]


async def test_the_media_mount_serves_only_its_own_files(
    app: Any, client: httpx.AsyncClient, settings: Any
) -> None:
    media: Path = settings.media_dir
    (media / "products").mkdir(parents=True, exist_ok=True)
    private = settings.DATA_DIR / "private-note.txt"
    private.write_text("not for the web")
    try:
        listing = await client.get("/media/")
        sub_listing = await client.get("/media/products/")
        statuses = [
            await raw_get(app, path)
            for path in (
                b"/media/../private-note.txt",
                b"/media/%2e%2e/private-note.txt",
                b"/media/products/..%2f..%2fprivate-note.txt",
                b"/media//private-note.txt",
            )
        ]
    finally:
        private.unlink()

    assert listing.status_code == sub_listing.status_code == 404
    assert "private-note" not in listing.text
    assert set(statuses) == {404}
