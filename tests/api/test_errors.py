"""Every response is JSON with `detail` on error, carries nosniff, and never leaks a traceback."""

from sqlalchemy.exc import DataError, DBAPIError

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


async def test_database_errors_are_a_422_when_the_value_is_to_blame_else_a_500(app, caplog):
    """The safety net behind validation: a value the database refuses (SQLSTATE class 22) is
    the client's; any other database failure is ours, logged and generic."""

    async def refused_value() -> None:
        raise DataError("INSERT ...", {}, ValueError("value too long"))

    async def broken_database() -> None:
        raise DBAPIError("SELECT 1", {}, ConnectionError("server closed the connection"))

    app.add_api_route("/refused", refused_value)
    app.add_api_route("/broken", broken_database)
    async with make_client(app) as client:
        refused = await client.get("/refused")
        broken = await client.get("/broken")

    assert refused.status_code == 422
    assert refused.json() == {
        "detail": "The request contains a value that cannot be stored",
        "code": "unstorable_value",
    }
    assert broken.status_code == 500
    assert broken.json() == {"detail": "Internal server error", "code": "internal_error"}
    assert "server closed the connection" in caplog.text
