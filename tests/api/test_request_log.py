"""Every request gets an id (`X-Request-ID`) and one JSON access-log line, written with the route
template and never with the query string; the request's other log lines carry its id."""

import json
import logging
import re

import pytest

from tests.conftest import make_client, use_connection
from tests.factories import access_token_for
from webshop.main import create_app

GENERATED_ID = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def log_file(tmp_path):
    return tmp_path / "logs" / "app.log"


@pytest.fixture
def app(connection, settings, log_file):
    """The real app, logging to a file of its own."""
    app = create_app(settings.model_copy(update={"LOG_DIR": log_file.parent}))
    use_connection(app, connection)
    return app


def log_entries(log_file, logger="webshop.access"):
    entries = [json.loads(line) for line in log_file.read_text().splitlines()]
    return [entry for entry in entries if entry["logger"] == logger]


async def test_one_access_line_per_request_with_the_route_template(client, log_file):
    response = await client.get("/products/12345?q=secret-search&page=2")
    await client.get("/health")

    first, second = log_entries(log_file)
    assert response.status_code == 404
    assert first["method"] == "GET"
    assert first["route"] == "/products/{product_id}"
    assert first["status"] == 404
    assert isinstance(first["duration_ms"], float)
    assert first["client_ip"] == "127.0.0.1"
    assert first["request_id"] == response.headers["x-request-id"]
    assert first["message"].startswith("GET /products/{product_id} 404 ")
    assert second["route"] == "/health"
    assert "secret-search" not in log_file.read_text()
    assert "?" not in log_file.read_text()


async def test_an_unmatched_path_is_logged_without_its_query_string(client, log_file):
    await client.get("/no/such/page?token=abc")

    [entry] = log_entries(log_file)
    assert entry["route"] == "/no/such/page"
    assert "token=abc" not in log_file.read_text()


async def test_the_authenticated_user_is_logged_and_the_token_is_not(client, customer, log_file):
    token = access_token_for(customer)
    response = await client.get("/users/me", headers={"Authorization": f"Bearer {token}"})

    [entry] = log_entries(log_file)
    assert response.status_code == 200
    assert entry["user_id"] == customer.id
    assert token not in log_file.read_text()


async def test_a_sane_request_id_is_kept(client, log_file):
    response = await client.get("/health", headers={"X-Request-ID": "edge-42.a_B"})

    assert response.headers["x-request-id"] == "edge-42.a_B"
    assert log_entries(log_file)[0]["request_id"] == "edge-42.a_B"


@pytest.mark.parametrize("sent", [None, "has spaces", "x" * 65, "<script>", ""])
async def test_a_missing_or_insane_request_id_is_replaced(client, sent):
    headers = {} if sent is None else {"X-Request-ID": sent}
    response = await client.get("/health", headers=headers)

    assert GENERATED_ID.fullmatch(response.headers["x-request-id"])


async def test_an_unhandled_error_is_logged_with_the_request_id(app, log_file):
    async def explode() -> None:
        logging.getLogger("webshop.test").warning("Password reset for dora@example.com")
        raise RuntimeError("boom")

    app.add_api_route("/explode", explode)
    async with make_client(app) as client:
        response = await client.get("/explode", headers={"X-Request-ID": "crash-1"})

    assert response.status_code == 500
    assert response.headers["x-request-id"] == "crash-1"
    [error] = log_entries(log_file, "webshop.errors")
    assert error["request_id"] == "crash-1"
    assert "RuntimeError: boom" in error["exc"]
    [warning] = log_entries(log_file, "webshop.test")
    assert warning["request_id"] == "crash-1"
    assert warning["message"] == "Password reset for d***@example.com"
    [access] = log_entries(log_file)
    assert (access["status"], access["request_id"]) == (500, "crash-1")
