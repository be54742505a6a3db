"""Every response is JSON with `detail` on error, carries nosniff, and never leaks a traceback."""

from tests.conftest import make_client
from webshop.core.errors import Conflict


async def test_unhandled_exceptions_become_a_generic_json_500(app, caplog):
    async def explode() -> None:
        raise RuntimeError("secret internals: /etc/passwd")

    app.add_api_route("/explode", explode)
    async with make_client(app) as client:
        response = await client.get("/explode")

    assert response.status_code == 500
    assert response.json() == {"detail": "Internal server error", "code": "internal_error"}
    assert "secret internals" not in response.text
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "secret internals" in caplog.text  # the operator still sees it


async def test_domain_errors_map_to_their_status(app):
    async def conflict() -> None:
        raise Conflict("Already done")

    app.add_api_route("/conflict", conflict)
    async with make_client(app) as client:
        response = await client.get("/conflict")

    assert response.status_code == 409
    assert response.json() == {"detail": "Already done", "code": "conflict"}


async def test_unknown_paths_and_methods_are_json(client):
    missing = await client.get("/no/such/page")
    wrong_method = await client.delete("/health")

    assert missing.status_code == 404
    assert missing.json() == {"detail": "Not found", "code": "not_found"}
    assert wrong_method.status_code == 405
    assert wrong_method.json() == {"detail": "Method not allowed", "code": "method_not_allowed"}
    assert wrong_method.headers["allow"] == "GET"


async def test_every_response_carries_security_headers(client, customer_headers):
    for response in (
        await client.get("/health"),
        await client.get("/users/me", headers=customer_headers),
        await client.get("/users/me"),
        await client.get("/nowhere"),
        await client.post("/auth/register", json={}),
    ):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"


async def test_cors_allows_the_configured_origin_with_credentials(client):
    response = await client.options(
        "/auth/refresh",
        headers={"Origin": "http://localhost:5173", "Access-Control-Request-Method": "POST"},
    )
    refused = await client.options(
        "/auth/refresh",
        headers={"Origin": "http://evil.example", "Access-Control-Request-Method": "POST"},
    )

    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "http://localhost:5173"
    assert response.headers["access-control-allow-credentials"] == "true"
    assert "access-control-allow-origin" not in refused.headers


async def test_values_the_database_cannot_store_are_422_not_500(client, customer_headers):
    # PostgreSQL text cannot hold NUL; SQLite can. Either way the answer is never a 500.
    for path, params in (("/products/", {"category": "toys\x00"}), ("/products/", {"q": "a\x00b"})):
        response = await client.get(path, params=params, headers=customer_headers)
        assert response.status_code in (200, 422), response.text
    response = await client.patch(
        "/users/me", json={"email": "nul\u0000@example.com"}, headers=customer_headers
    )
    assert response.status_code == 422
