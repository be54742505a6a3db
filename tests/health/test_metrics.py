"""`GET /metrics`: Prometheus text with the request, business, outbox, login and throttling
figures, served only to this machine or to the holder of METRICS_TOKEN."""

from __future__ import annotations

import re

import httpx
from pydantic import SecretStr

from tests.factories import create_order, create_product
from webshop.orders.models import OrderStatus


def value(text: str, name: str, **labels: str) -> float:
    """The sample `name{labels}` of a scrape (0 when absent)."""
    wanted = ",".join(f'{key}="{label}"' for key, label in sorted(labels.items()))
    for line in text.splitlines():
        match = re.fullmatch(rf"{name}(?:\{{(.*)\}})? (\S+)", line)
        if match and ",".join(sorted((match.group(1) or "").split(","))).strip(",") == wanted:
            return float(match.group(2))
    return 0.0


async def scrape(client: httpx.AsyncClient, **headers: str) -> str:
    response = await client.get("/metrics", headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    return response.text


async def test_requests_are_counted_by_route_template_and_status(client, customer):
    before = await scrape(client)

    await client.get("/products/999999")
    await client.get("/products/888888")
    await client.get("/no/such/path?secret=1")

    after = await scrape(client)
    labels = {"method": "GET", "route": "/products/{product_id}", "status": "404"}
    counted = value(after, "webshop_http_requests_total", **labels)
    assert counted - value(before, "webshop_http_requests_total", **labels) == 2
    assert "/products/999999" not in after
    assert "secret" not in after
    histogram = {"method": "GET", "route": "/products/{product_id}"}
    assert value(after, "webshop_http_request_duration_seconds_count", **histogram) >= 2


async def test_orders_revenue_and_the_outbox_come_from_the_database(client, session, customer):
    product = await create_product(session, price="12.50", stock=10)
    await create_order(session, customer, (product, 2), status=OrderStatus.PAID)
    await create_order(session, customer, (product, 1))

    text = await scrape(client)

    assert value(text, "webshop_orders_placed_total") == 2
    assert value(text, "webshop_orders_paid") == 1
    assert value(text, "webshop_revenue") == 25.0
    assert value(text, "webshop_outbox_backlog") > 0  # order events wait for the relay
    assert value(text, "webshop_outbox_oldest_age_seconds") >= 0


async def test_login_failures_and_throttled_requests(client, customer):
    before = await scrape(client)

    for _ in range(6):
        await client.post("/auth/login", data={"username": "carla", "password": "wrong one"})

    after = await scrape(client)
    failures = "webshop_login_failures_total"
    assert value(after, failures) - value(before, failures) == 5
    throttled = {"limit": "login-account-ip"}
    growth = value(after, "webshop_throttled_requests_total", **throttled) - value(
        before, "webshop_throttled_requests_total", **throttled
    )
    assert growth == 1


async def test_not_served_through_a_proxy_or_to_another_machine(app, client):
    proxied = await client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.7"})
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://shop") as remote:
        elsewhere = await remote.get("/metrics")

    for refused in (proxied, elsewhere):
        assert refused.status_code == 403
        assert refused.json()["code"] == "metrics_forbidden"


async def test_with_a_token_only_its_holder_may_scrape_from_anywhere(app):
    token = "a-long-random-metrics-token-0123456789"
    app.state.settings = app.state.settings.model_copy(update={"METRICS_TOKEN": SecretStr(token)})
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://shop") as remote:
        missing = await remote.get("/metrics")
        wrong = await remote.get("/metrics", headers={"Authorization": "Bearer guess"})
        right = await remote.get("/metrics", headers={"Authorization": f"Bearer {token}"})

    assert (missing.status_code, wrong.status_code, right.status_code) == (401, 401, 200)
    assert missing.json()["code"] == "metrics_token_required"
    assert "webshop_orders_placed_total" in right.text
