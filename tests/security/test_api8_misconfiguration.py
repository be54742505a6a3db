"""OWASP API8:2023 Security misconfiguration: headers, caching, cookies, CORS and error bodies.

Every answer (API, web UI, docs; success or error, a crash included) carries nosniff,
`X-Frame-Options: DENY`, a referrer policy and a CSP with `frame-ancestors 'none'`; HSTS only
over https. Answers with tokens or personal data are never stored by a cache. The refresh
cookie is httpOnly, SameSite=Strict, limited to `/auth` and Secure over https. CORS answers only
the configured origins, with credentials, and a wildcard cannot be configured. Errors are the
generic JSON, never a traceback or the values that were sent.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncConnection

from tests.conftest import make_client, use_connection
from tests.factories import DEFAULT_PASSWORD, auth_headers
from tests.security.conftest import bearer, https_client
from webshop.core.config import Settings
from webshop.main import create_app
from webshop.users.models import User

ALLOWED_ORIGIN = "http://localhost:5173"
FOREIGN_ORIGIN = "https://evil.example"
SECRET_MARKER = "secret-internals-7f3a"


def assert_security_headers(response: httpx.Response) -> None:
    where = f"{response.request.method} {response.request.url.path} {response.status_code}"
    headers = response.headers
    assert headers["x-content-type-options"] == "nosniff", where
    assert headers["x-frame-options"] == "DENY", where
    assert headers["referrer-policy"] in ("no-referrer", "strict-origin-when-cross-origin"), where
    policy = headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy, where
    assert "'unsafe-inline'" not in policy, where
    assert "'unsafe-eval'" not in policy, where
    assert "*" not in policy, where


@pytest.fixture
async def crashing_app(app: Any) -> Any:
    async def explode() -> None:
        raise RuntimeError(f"{SECRET_MARKER}: password=hunter2 at /srv/webshop/secret.py")

    app.add_api_route("/health/explode", explode)
    return app


async def test_every_kind_of_api_answer_carries_the_headers(
    crashing_app: Any, client: httpx.AsyncClient, customer: User
) -> None:
    answers = [
        await client.get("/health"),  # 200
        await client.get("/users/me", headers=auth_headers(customer)),  # 200, personal
        await client.get("/users/me"),  # 401
        await client.get("/customers/", headers=auth_headers(customer)),  # 403
        await client.get("/orders/999999", headers=auth_headers(customer)),  # 404
        await client.get("/no/such/thing"),  # 404 without a route
        await client.delete("/health"),  # 405
        await client.post("/auth/register", json={}),  # 422
        await client.post(
            "/auth/register", content=b"{", headers={"content-type": "application/json"}
        ),
        await client.get("/health/explode"),  # 500
    ]
    assert [a.status_code for a in answers] == [200, 200, 401, 403, 404, 404, 405, 422, 400, 500]
    for answer in answers:
        assert_security_headers(answer)
        assert answer.headers["content-type"].startswith("application/json")


async def test_a_crash_answers_the_generic_error_and_nothing_of_it(
    crashing_app: Any, client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    response = await client.get("/health/explode")

    assert response.status_code == 500
    assert response.json() == {"detail": "Internal server error", "code": "internal_error"}
    for leak in (SECRET_MARKER, "hunter2", "Traceback", "RuntimeError", "/srv/", ".py"):
        assert leak not in response.text
    assert SECRET_MARKER in caplog.text  # the operator's log has it


async def test_validation_errors_do_not_repeat_what_was_sent(client: httpx.AsyncClient) -> None:
    sent = {"email": "not-an-email", "username": "x", "password": f"{SECRET_MARKER}-pw"}

    response = await client.post("/auth/register", json=sent)

    assert response.status_code == 422
    assert SECRET_MARKER not in response.text
    assert "not-an-email" not in response.text


def test_the_app_is_not_in_debug_mode(app: Any) -> None:
    assert app.debug is False


@pytest.fixture
async def web(tmp_path: Path, connection: AsyncConnection) -> AsyncIterator[httpx.AsyncClient]:
    """The app with a (tiny) web UI build."""
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text('<!doctype html><script src="/assets/app.js"></script>')
    (dist / "assets" / "app.js").write_text("console.log('app')")
    settings = Settings(WEB_UI_DIR=dist)
    settings.media_dir.mkdir(parents=True, exist_ok=True)  # as the lifespan does
    app = create_app(settings)
    use_connection(app, connection)
    async with make_client(app) as client:
        yield client


async def test_web_ui_and_docs_carry_the_headers(web: httpx.AsyncClient) -> None:
    answers = [
        await web.get("/"),
        await web.get("/account"),  # a page of the app
        await web.get("/assets/app.js"),
        await web.get("/docs"),
        await web.get("/openapi.json"),
        await web.get("/media/products/none.png"),  # 404 from the media mount
    ]
    assert [a.status_code for a in answers] == [200, 200, 200, 200, 200, 404]
    for answer in answers:
        assert_security_headers(answer)
    assert "script-src 'self'" in answers[0].headers["content-security-policy"]


async def test_hsts_over_https_only(app: Any, client: httpx.AsyncClient) -> None:
    async with https_client(app) as secure:
        over_https = await secure.get("/health")
    over_http = await client.get("/health")

    hsts = over_https.headers["strict-transport-security"]
    assert int(hsts.split("max-age=")[1].split(";")[0]) >= 31_536_000
    assert "includesubdomains" in hsts.lower()
    assert (
        "strict-transport-security" not in over_http.headers
    )  # meaningless, and harmful, over http


async def test_answers_with_tokens_or_personal_data_are_never_cached(
    client: httpx.AsyncClient, customer: User
) -> None:
    login = await client.post(
        "/auth/login", data={"username": "carla", "password": DEFAULT_PASSWORD}
    )
    tokens = login.json()
    failed_login = await client.post("/auth/login", data={"username": "carla", "password": "no"})
    refresh = await client.post("/auth/refresh", headers=bearer(tokens["refresh_token"]))
    access = refresh.json()["access_token"]
    password = await client.post(
        "/users/me/password",
        json={"current_password": DEFAULT_PASSWORD, "new_password": "a new long secret 9"},
        headers=bearer(access),
    )
    me = await client.get("/users/me", headers=bearer(password.json()["access_token"]))
    sessions = await client.get("/auth/sessions", headers=bearer(password.json()["access_token"]))

    for answer in (login, failed_login, refresh, password, me, sessions):
        assert answer.status_code in (200, 401), answer.text
        assert "no-store" in answer.headers["cache-control"], answer.request.url


async def test_the_refresh_cookie_is_locked_down(app: Any, customer: User) -> None:
    async with https_client(app) as secure:
        login = await secure.post(
            "/auth/login", data={"username": "carla", "password": DEFAULT_PASSWORD}
        )

    cookie = login.headers["set-cookie"].lower()
    assert cookie.startswith("refresh_token=")
    for flag in ("httponly", "samesite=strict", "secure", "path=/auth"):
        assert flag in cookie, flag
    assert "domain=" not in cookie


async def test_cors_answers_only_the_configured_origins(
    client: httpx.AsyncClient, customer: User
) -> None:
    def preflight(origin: str) -> Any:
        return client.options(
            "/users/me",
            headers={
                "Origin": origin,
                "Access-Control-Request-Method": "GET",
                "Access-Control-Request-Headers": "authorization",
            },
        )

    allowed = await preflight(ALLOWED_ORIGIN)
    foreign = await preflight(FOREIGN_ORIGIN)
    null_origin = await preflight("null")
    simple_foreign = await client.get(
        "/users/me", headers={**auth_headers(customer), "Origin": FOREIGN_ORIGIN}
    )
    simple_allowed = await client.get(
        "/users/me", headers={**auth_headers(customer), "Origin": ALLOWED_ORIGIN}
    )

    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == ALLOWED_ORIGIN
    assert allowed.headers["access-control-allow-credentials"] == "true"
    assert simple_allowed.headers["access-control-allow-origin"] == ALLOWED_ORIGIN
    for refused in (foreign, null_origin, simple_foreign):
        assert "access-control-allow-origin" not in refused.headers
        assert "access-control-allow-credentials" not in refused.headers or (
            refused.headers.get("access-control-allow-origin") is None
        )
    for answer in (allowed, foreign, null_origin, simple_foreign, simple_allowed):
        assert answer.headers.get("access-control-allow-origin") != "*"


@pytest.mark.parametrize("origins", ["*", "https://shop.example,*", " * "])
def test_a_wildcard_origin_cannot_be_configured(origins: str) -> None:
    with pytest.raises(ValidationError, match="CORS_ORIGINS"):
        Settings(CORS_ORIGINS=origins)


async def test_a_foreign_page_cannot_read_a_login_answer(
    client: httpx.AsyncClient, customer: User
) -> None:
    """A login form posted from a foreign page (a simple request, no preflight) gets no CORS
    grant, so that page cannot read the tokens; the refresh cookie is SameSite=Strict."""
    response = await client.post(
        "/auth/login",
        data={"username": "carla", "password": DEFAULT_PASSWORD},
        headers={"Origin": FOREIGN_ORIGIN},
    )
    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers
    assert "samesite=strict" in response.headers["set-cookie"].lower()
