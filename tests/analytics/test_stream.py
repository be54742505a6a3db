"""The live feed over real HTTP: the app runs in uvicorn and commits for real.

httpx's ASGITransport hands over a response only once it is complete, which an endless
Server-Sent Events stream never is; so these tests talk to a uvicorn server on a free local
port. Its lifespan opens its own engine on the test database and commits; `committed_app`
empties every table afterwards.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import uvicorn

from tests.factories import auth_headers, create_product, create_user
from webshop.analytics import router as analytics_router
from webshop.main import create_app
from webshop.users.models import User, UserRole

WAIT_SECONDS = 5.0


class Server(uvicorn.Server):
    """uvicorn without its signal handlers: Ctrl-C stays pytest's."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Live:
    url: str
    app: Any
    admin: User
    customer: User
    product_id: int


@pytest.fixture
async def live(committed_app, settings) -> AsyncIterator[Live]:
    """A committed admin, customer and product, and the app serving on 127.0.0.1. Its relay is
    off, as on a worker that does not hold the relay lease: the feed follows the outbox."""
    async with committed_app.state.sessionmaker() as session:
        admin = await create_user(session, username="root", role=UserRole.ADMIN)
        customer = await create_user(session, username="shopper")
        product = await create_product(session, price="4.20", stock=50)
        await session.commit()
    app = create_app(settings.model_copy(update={"RELAY_ENABLED": False}))
    port = free_port()
    server = Server(
        uvicorn.Config(
            app,
            host="127.0.0.1",
            port=port,
            lifespan="on",
            log_level="warning",
            ws="none",
            timeout_graceful_shutdown=3,
        )
    )
    task = asyncio.create_task(server.serve(), name="uvicorn")
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while not server.started:
            assert not task.done(), "uvicorn did not start"
            assert time.monotonic() < deadline, "uvicorn did not start in time"
            await asyncio.sleep(0.02)
        yield Live(f"http://127.0.0.1:{port}", app, admin, customer, product.id)
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, 10)


async def wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.02)


async def next_update(lines: AsyncIterator[str]) -> dict[str, Any]:
    """The next `event: update` of the stream, parsed; comments (heartbeats) are skipped."""
    event = None
    async for line in lines:
        if line.startswith("event: "):
            event = line.removeprefix("event: ")
        elif line.startswith("data: ") and event == "update":
            return json.loads(line.removeprefix("data: "))
    raise AssertionError("the stream ended")


async def test_an_order_arrives_on_the_stream(live):
    feed = live.app.state.live_feed
    timeout = httpx.Timeout(WAIT_SECONDS)
    async with httpx.AsyncClient(base_url=live.url, timeout=timeout) as client:
        stream = client.stream("GET", "/analytics/stream", headers=auth_headers(live.admin))
        async with stream as response:
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("text/event-stream")
            assert response.headers["cache-control"] == "no-cache"
            lines = response.aiter_lines()
            assert await asyncio.wait_for(anext(lines), WAIT_SECONDS) == ": connected"
            assert feed.listeners == 1

            placed = await client.post(
                "/orders/",
                json={"items": [{"product_id": live.product_id, "quantity": 2}]},
                headers=auth_headers(live.customer),
            )
            assert placed.status_code == 201, placed.text
            order = placed.json()

            update = await asyncio.wait_for(next_update(lines), WAIT_SECONDS)

    assert update["type"] == "order_created"
    assert update["order_id"] == order["id"]
    assert update["total_amount"] == "8.40"
    assert "timestamp" in update
    assert "user_id" not in update  # the feed carries no one's identity


async def test_disconnecting_unsubscribes(live):
    feed = live.app.state.live_feed
    async with httpx.AsyncClient(base_url=live.url, timeout=WAIT_SECONDS) as client:
        for _ in range(2):  # twice: a second viewer subscribes and leaves alike
            stream = client.stream("GET", "/analytics/stream", headers=auth_headers(live.admin))
            async with stream as response:
                lines = response.aiter_lines()
                assert await asyncio.wait_for(anext(lines), WAIT_SECONDS) == ": connected"
                assert feed.listeners == 1
            await wait_for(lambda: feed.listeners == 0, "the stream to unsubscribe")


async def test_customers_and_strangers_get_no_stream(live):
    async with httpx.AsyncClient(base_url=live.url, timeout=WAIT_SECONDS) as client:
        customer = await client.get("/analytics/stream", headers=auth_headers(live.customer))
        stranger = await client.get("/analytics/stream")

    assert customer.status_code == 403
    assert customer.json() == {"detail": "Administrator access required", "code": "admin_required"}
    assert stranger.status_code == 401
    assert live.app.state.live_feed.listeners == 0


@pytest.mark.parametrize(
    "change", [{"role": "customer"}, {"is_active": False}], ids=["demoted", "deactivated"]
)
async def test_the_stream_ends_at_the_next_heartbeat_once_the_session_has(
    live, monkeypatch, change
):
    monkeypatch.setattr(analytics_router, "HEARTBEAT_SECONDS", 0.2)
    async with live.app.state.sessionmaker() as session:
        owner = await create_user(session, username="owner2", role=UserRole.ADMIN)
        await session.commit()
    async with httpx.AsyncClient(base_url=live.url, timeout=WAIT_SECONDS) as client:
        stream = client.stream("GET", "/analytics/stream", headers=auth_headers(live.admin))
        async with stream as response:
            lines = response.aiter_lines()
            assert await asyncio.wait_for(anext(lines), WAIT_SECONDS) == ": connected"
            assert await asyncio.wait_for(anext(lines), WAIT_SECONDS) == ""
            assert await asyncio.wait_for(anext(lines), WAIT_SECONDS) == ": heartbeat"

            changed = await client.patch(
                f"/users/{live.admin.id}", json=change, headers=auth_headers(owner)
            )
            assert changed.status_code == 200

            rest = await asyncio.wait_for(_until_closed(lines), WAIT_SECONDS)

    assert [line for line in rest if line][-2:] == [
        "event: end",
        'data: {"reason": "session_ended"}',
    ]
    await wait_for(lambda: live.app.state.live_feed.listeners == 0, "the stream to unsubscribe")


async def _until_closed(lines: AsyncIterator[str]) -> list[str]:
    return [line async for line in lines]
