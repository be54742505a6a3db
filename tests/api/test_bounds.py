"""Input is bounded before it costs anything, and refused the same way on SQLite and PostgreSQL."""

import json

import pytest

from tests.conftest import make_client, use_connection
from tests.factories import DEFAULT_PASSWORD, create_product
from webshop.api.errors import MAX_FIELD_ERRORS
from webshop.api.params import MAX_SKIP
from webshop.main import create_app


async def test_a_body_over_the_limit_is_refused_before_it_is_read(client, customer_headers):
    declared = await client.post(
        "/orders/", content=b"{" + b" " * (1024 * 1024), headers=customer_headers
    )

    async def chunks():  # no Content-Length: counted as it arrives
        for _ in range(20):
            yield b" " * 100_000

    streamed = await client.post(
        "/orders/",
        content=chunks(),
        headers={**customer_headers, "content-type": "application/json"},
    )

    for response in (declared, streamed):
        assert response.status_code == 413
        assert response.json() == {
            "detail": "The request body may be at most 1,048,576 bytes",
            "code": "payload_too_large",
        }
        assert response.headers["x-content-type-options"] == "nosniff"


async def test_the_limit_is_a_setting_and_uploads_have_their_own(settings, connection):
    small = create_app(settings.model_copy(update={"MAX_REQUEST_BODY_BYTES": 2048}))
    use_connection(small, connection)
    async with make_client(small) as client:
        too_big = await client.post("/auth/register", json={"email": "x" * 3000})
        fits = await client.post("/auth/register", json={"email": "x" * 1000})

    assert too_big.status_code == 413
    assert fits.status_code == 422
    upload = small.openapi()["paths"]["/products/{product_id}/image"]["post"]
    assert upload["x-max-body-bytes"] == 5 * 1024 * 1024 + 64 * 1024


async def test_multipart_is_only_as_large_as_an_upload_where_one_is_expected(
    client, customer_headers
):
    big_file = {"file": ("big.bin", b"\0" * (2 * 1024 * 1024), "application/octet-stream")}

    response = await client.post("/orders/", files=big_file, headers=customer_headers)

    assert response.status_code == 413


async def test_many_invalid_fields_answer_briefly_and_never_repeat_the_input(client):
    body = {f"field-{n}-secret": "value" for n in range(5000)}

    response = await client.post("/auth/register", json=body)

    assert response.status_code == 422
    error = response.json()
    assert error["code"] == "validation_error"
    assert len(error["errors"]) == MAX_FIELD_ERRORS
    assert error["detail"] == "Invalid email: Field required (and 5002 more invalid fields)"
    assert "value" not in json.dumps([e["msg"] for e in error["errors"]])
    assert len(response.content) < 4000


async def test_enum_errors_list_the_allowed_values_as_plain_strings(client, session, admin_headers):
    product = await create_product(session)

    stock = await client.post(
        f"/products/{product.id}/stock", json={"delta": 1, "reason": "gift"}, headers=admin_headers
    )
    status = await client.get("/orders/admin/all?status=lost", headers=admin_headers)

    assert stock.json()["errors"][0]["msg"] == "Input should be 'restock' or 'adjustment'"
    assert status.json()["errors"][0]["msg"] == (
        "Input should be 'pending', 'paid', 'shipped', 'delivered' or 'cancelled'"
    )


async def test_ids_beyond_the_id_columns_are_refused_in_bodies_and_queries(
    client, customer_headers, admin_headers
):
    for product_id in (2**31, 2**63, 10**30, -1):
        response = await client.post(
            "/orders/",
            json={"items": [{"product_id": product_id, "quantity": 1}]},
            headers=customer_headers,
        )
        assert response.status_code == 422, product_id
        assert response.json()["errors"][0]["loc"] == ["body", "items", 0, "product_id"]
    response = await client.get(f"/orders/admin/all?user_id={2**63}", headers=admin_headers)
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["query", "user_id"]


async def test_skip_has_a_maximum(client):
    deepest = await client.get(f"/products/?skip={MAX_SKIP}")
    deeper = await client.get(f"/products/?skip={MAX_SKIP + 1}")

    assert deepest.status_code == 200
    assert deepest.json() == []
    assert deepest.headers["x-total-count"] == "0"
    assert deeper.status_code == 422
    assert deeper.json()["errors"][0]["loc"] == ["query", "skip"]


@pytest.mark.parametrize(
    ("method", "path", "body_or_params", "field"),
    [
        ("GET", "/products/", {"q": "lamp\x00"}, "q"),
        ("GET", "/products/", {"category": "toys\x00"}, "category"),
        ("GET", "/users/", {"q": "\x00"}, "q"),
        ("PATCH", "/users/me", {"email": "nul\x00@example.com"}, "email"),
        ("PATCH", "/users/me", {"username": "carla\x00"}, "username"),
        (
            "POST",
            "/orders/",
            {"items": [{"product_id": 1, "quantity": 1}], "note": "a\x00"},
            "note",
        ),
        ("POST", "/products/", {"name": "Lamp\x00", "price": "1.00"}, "name"),
        ("POST", "/products/1/reviews", {"rating": 5, "comment": "good\x00"}, "comment"),
    ],
)
async def test_text_with_a_nul_is_a_422_on_every_database(
    client, admin_headers, method, path, body_or_params, field
):
    if method == "GET":
        response = await client.get(path, params=body_or_params, headers=admin_headers)
    else:
        response = await client.request(method, path, json=body_or_params, headers=admin_headers)

    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["loc"][-1] == field


async def test_a_nul_in_a_login_is_a_422_too(client, customer):
    response = await client.post(
        "/auth/login", data={"username": "carla\x00", "password": DEFAULT_PASSWORD}
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "username"]
