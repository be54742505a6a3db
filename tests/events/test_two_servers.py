"""Two `webshop serve` replicas on one PostgreSQL database and one Kafka broker (issue 14).

Orders go through both servers at once; both run a relay, but only the lease holder delivers,
every event reaches the broker exactly once, and when the holder stops the survivor takes the
lease over and delivers what is placed through it, again once each. Real processes, the real
CLI, a real broker: nothing is patched.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import io
import itertools
import os
import signal
import time
from collections import Counter, defaultdict
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.databases import postgres_database
from tests.events.conftest import Broker, Message, wait_for_messages
from tests.events.shop_servers import (
    ADMIN_PASSWORD,
    ADMIN_USERNAME,
    RELAY_STOPPED,
    SECRET_KEY,
    ShopServer,
    broker_connections,
    can_see_connections,
    launch,
    terminate,
    wait_healthy,
    wait_seeded,
)
from webshop.core.config import Settings
from webshop.core.waiting import sleep_unless
from webshop.db.session import create_engine, create_sessionmaker
from webshop.events.models import OutboxEvent, RelayLease
from webshop.events.relay import BATCH_SIZE, LEASE, LEASE_SECONDS
from webshop.events.transport import analytics_key, topic_for, topics_of

pytestmark = pytest.mark.skipif(
    not os.environ.get("TEST_POSTGRES_URL"),
    reason="several servers share one database only on PostgreSQL (set TEST_POSTGRES_URL)",
)

TOPIC_NAMES = Settings.model_construct()  # the default topic names, which the servers use
SAMPLE_SECONDS = 0.05
DELIVERY_SECONDS = 20.0
PASSWORD = "Two-Servers-Customer-3f9a"
BULK_PRODUCTS = 3 * BATCH_SIZE
_numbers = itertools.count(1)


# --- the processes ---------------------------------------------------------------------------


@pytest.fixture
def shop_database() -> Iterator[str]:
    """A fresh database for the two servers (they migrate it themselves); dropped afterwards."""
    with postgres_database(os.environ["TEST_POSTGRES_URL"]) as url:
        yield url


@pytest.fixture
def servers(tmp_path: Path, shop_database: str, broker: Broker) -> Iterator[list[ShopServer]]:
    """Two `webshop serve` processes, each with its own data folder and port, both relaying to
    the broker; stopped by PID (then their process groups killed) afterwards.

    The second starts once the first has seeded the administrator: started at the same moment
    on an empty database, both try to, and one of them exits (see
    `test_two_servers_started_together_both_come_up`)."""
    settings = {
        "DATABASE_URL": shop_database,
        "KAFKA_ENABLED": "true",
        "KAFKA_BOOTSTRAP_SERVERS": broker.bootstrap,
        "RELAY_ENABLED": "true",
    }
    started: list[ShopServer] = []
    try:
        started.append(launch("a", tmp_path / "a", **settings))
        wait_seeded(started[0])
        started.append(launch("b", tmp_path / "b", **settings))
        wait_healthy(started)
        yield started
    finally:
        for server in started:
            terminate(server)


# --- watching the lease ----------------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    at: float  # time.monotonic() when taken
    holder: str | None
    expires_at: datetime | None
    db_now: datetime | None  # the database's clock, when the lease row was read
    connections: dict[str, int]  # server name -> open connections to the broker


@dataclass
class LeaseWatch:
    """Samples the lease row (and each server's connections to the broker) every 50 ms or so,
    one sample at a time, so that the samples are in the order of what they saw."""

    engine: AsyncEngine
    servers: list[ShopServer]
    broker_port: int
    samples: list[Sample] = field(default_factory=list)
    one_at_a_time: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def sample(self) -> Sample:
        async with self.one_at_a_time:
            return await self._sample()

    async def _sample(self) -> Sample:
        async with self.engine.connect() as connection:
            row = (
                await connection.execute(
                    select(RelayLease.holder, RelayLease.expires_at, func.now()).where(
                        RelayLease.name == LEASE
                    )
                )
            ).first()
        connections = {
            server.name: broker_connections(server.pid, self.broker_port)
            if server.process.poll() is None
            else 0
            for server in self.servers
        }
        sample = Sample(
            at=time.monotonic(),
            holder=row[0] if row else None,
            expires_at=row[1] if row else None,
            db_now=row[2] if row else None,
            connections=connections,
        )
        self.samples.append(sample)
        return sample

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            await self.sample()
            await sleep_unless(stop, SAMPLE_SECONDS)

    def since(self, moment: float, until: float = float("inf")) -> list[Sample]:
        return [sample for sample in self.samples if moment <= sample.at <= until]

    async def wait_for_holder(self, holder: str | None = None, *, within: float) -> float:
        """Wait until the lease is held (by `holder`, if given); return when it first was."""
        deadline = time.monotonic() + within
        while True:
            sample = await self.sample()
            if sample.holder is not None and holder in (None, sample.holder):
                return sample.at
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"the lease was not taken by {holder or 'anyone'} within {within} s "
                    f"(holder: {sample.holder!r})"
                )
            await asyncio.sleep(SAMPLE_SECONDS)


@contextlib.asynccontextmanager
async def watching(watch: LeaseWatch) -> AsyncIterator[LeaseWatch]:
    stop = asyncio.Event()
    task = asyncio.create_task(watch.run(stop))
    try:
        yield watch
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=10)


# --- the shop, through its HTTP API ----------------------------------------------------------


def client_of(server: ShopServer) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=server.base_url, timeout=30)


def expect(response: httpx.Response, status: int) -> Any:
    assert response.status_code == status, (
        f"{response.request.method} {response.request.url}: {response.status_code} {response.text}"
    )
    return response.json()


async def log_in(client: httpx.AsyncClient, username: str, password: str) -> dict[str, str]:
    tokens = expect(
        await client.post("/auth/login", data={"username": username, "password": password}), 200
    )
    return {"Authorization": f"Bearer {tokens['access_token']}"}


async def new_customer(registrar: httpx.AsyncClient, door: httpx.AsyncClient) -> dict[str, str]:
    """Register through one server and log in through the other: the customer's headers."""
    number = next(_numbers)
    username = f"shopper{number}"
    body = {"email": f"{username}@example.com", "username": username, "password": PASSWORD}
    expect(await registrar.post("/auth/register", json=body), 201)
    return await log_in(door, username, PASSWORD)


async def create_product(client: httpx.AsyncClient, admin: dict[str, str]) -> int:
    body = {"name": f"Scale-out gadget {next(_numbers)}", "price": "12.50", "stock": 10_000}
    product: dict[str, Any] = expect(await client.post("/products/", json=body, headers=admin), 200)
    return int(product["id"])


async def import_products(client: httpx.AsyncClient, admin: dict[str, str], count: int) -> None:
    """Create `count` products with one CSV import: `count` events committed at once, more than
    a relay's batch, so that two relays at work would read the same rows."""
    output = io.StringIO()
    header = ("sku", "name", "description", "price", "stock", "category", "is_active")
    rows = [(f"BULK-{n}", f"Bulk item {n}", "", "4.20", "5", "bulk", "true") for n in range(count)]
    csv.writer(output).writerows([header, *rows])
    files = {"file": ("products.csv", output.getvalue().encode(), "text/csv")}
    response = await client.post(
        "/products/import", params={"dry_run": "false"}, files=files, headers=admin
    )
    report = expect(response, 200)
    assert (report["applied"], report["created"]) == (True, count), report


async def place_order(
    client: httpx.AsyncClient, customer: dict[str, str], lines: list[tuple[int, int]]
) -> int:
    body = {"items": [{"product_id": product, "quantity": quantity} for product, quantity in lines]}
    headers = {**customer, "Idempotency-Key": f"two-servers-{next(_numbers)}"}
    order: dict[str, Any] = expect(await client.post("/orders/", json=body, headers=headers), 201)
    return int(order["id"])


async def mark_paid(client: httpx.AsyncClient, admin: dict[str, str], order: int) -> None:
    body = {"status": "paid"}
    expect(await client.put(f"/orders/{order}/status", json=body, headers=admin), 200)


@dataclass
class Placed:
    orders: int = 0
    paid: int = 0


async def shop_through(
    clients: list[httpx.AsyncClient],
    admin: dict[str, str],
    customers: list[dict[str, str]],
    products: list[int],
    *,
    orders_each: int,
    placed: Placed,
) -> None:
    """Every customer places `orders_each` orders, all at once, spread over `clients`; then
    every other order is paid through another client than the one that took it."""

    async def order(number: int, customer: dict[str, str]) -> tuple[int, int]:
        lines = [(products[number % len(products)], 1 + number % 3)]
        if number % 2:
            lines.append((products[(number + 1) % len(products)], 1))
        via = number % len(clients)
        return via, await place_order(clients[via], customer, lines)

    jobs = [
        order(number, customer)
        for number, customer in enumerate(customers * orders_each)  # interleaved customers
    ]
    taken = await asyncio.gather(*jobs)
    placed.orders += len(taken)
    to_pay = taken[::2]
    await asyncio.gather(
        *(mark_paid(clients[(via + 1) % len(clients)], admin, order) for via, order in to_pay)
    )
    placed.paid += len(to_pay)


# --- the outbox and the broker ---------------------------------------------------------------


async def outbox(engine: AsyncEngine) -> list[OutboxEvent]:
    async with create_sessionmaker(engine)() as session:
        return list((await session.scalars(select(OutboxEvent).order_by(OutboxEvent.id))).all())


async def unsent(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        count = await connection.scalar(
            select(func.count(OutboxEvent.id)).where(OutboxEvent.sent_at.is_(None))
        )
    return int(count or 0)


async def wait_all_sent(engine: AsyncEngine, *, within: float = DELIVERY_SECONDS) -> None:
    """Wait until no outbox row is left unsent."""
    deadline = time.monotonic() + within
    while (left := await unsent(engine)) > 0:
        if time.monotonic() > deadline:
            raise AssertionError(f"{left} events still unsent after {within} s")
        await asyncio.sleep(SAMPLE_SECONDS)


async def assert_each_delivered_once(bootstrap: str, events: list[OutboxEvent]) -> None:
    """Every outbox event is on the analytics topic exactly once, and product, order and user
    events on their domain topic exactly once too; nothing else is on any topic; and each
    aggregate's events are in the order they were written."""
    assert all(event.sent_at is not None for event in events), "an outbox row is not marked sent"
    written = [event.event_id for event in events]
    assert len(set(written)) == len(written)
    for topic in topics_of(TOPIC_NAMES):
        expected = [
            event
            for event in events
            if topic
            in (TOPIC_NAMES.KAFKA_ANALYTICS_TOPIC, topic_for(event.event_type, TOPIC_NAMES))
        ]
        messages: list[Message] = (
            await wait_for_messages(bootstrap, topic, len(expected), within=DELIVERY_SECONDS)
            if expected
            else []
        )
        copies = Counter(message.value["event_id"] for message in messages)
        twice = sorted(event_id for event_id, count in copies.items() if count > 1)
        assert not twice, (
            f"DUPLICATE DELIVERY: {len(twice)} events are on {topic} more than once "
            f"(e.g. {twice[:3]}): more than one relay delivered, or one delivered twice"
        )
        missing = {event.event_id for event in expected} - set(copies)
        assert not missing, f"LOST EVENTS: {len(missing)} outbox events never reached {topic}"
        assert set(copies) == {event.event_id for event in expected}, (
            f"{topic} holds events that are not in the outbox"
        )
        assert_in_order_per_key(messages, expected, topic == TOPIC_NAMES.KAFKA_ANALYTICS_TOPIC)


def assert_in_order_per_key(
    messages: list[Message], events: list[OutboxEvent], analytics: bool
) -> None:
    """On a topic, each aggregate's events follow the order they were written in. (Every
    aggregate's events here were written one after another: an order is paid after it was
    placed, a customer logs in after registering.) The key alone does not name an aggregate on
    the analytics topic, where product 5, order 5 and user 5 share the key "5"."""
    written = {event.event_id: event for event in events}
    per_aggregate: defaultdict[tuple[str, str], list[int]] = defaultdict(list)
    for message in messages:  # partition and offset order
        event = written[message.value["event_id"]]
        if analytics:  # where a user's id is a pseudonym, in the key too
            key = analytics_key(event, SECRET_KEY)
            assert message.key == (key.decode() if key else None)
        else:
            assert message.key == event.key
        if event.key is not None:
            kind = topic_for(event.event_type, TOPIC_NAMES)
            per_aggregate[kind, event.key].append(event.id)
    for aggregate, ids in per_aggregate.items():
        assert ids == sorted(ids), f"the events of {aggregate} arrived out of order: {ids}"


def server_of(holder: str, servers: list[ShopServer]) -> ShopServer:
    """The server whose relay holds the lease, by the holder's logged name and its PID
    (host:pid:random)."""
    owners = [server for server in servers if holder in server.relay_holders()]
    assert len(owners) == 1, f"lease holder {holder!r} is not one relay of these servers"
    [owner] = owners
    assert holder.split(":")[-2] == str(owner.pid)
    return owner


# --- the test --------------------------------------------------------------------------------


async def test_two_servers_relay_each_event_once_and_the_survivor_takes_over(
    servers: list[ShopServer], broker: Broker, shop_database: str
) -> None:
    engine = create_engine(shop_database)
    watch = LeaseWatch(engine, servers, broker.port)
    see_connections = can_see_connections()
    placed = Placed()
    try:
        # Both servers run a relay (each logs its own name); one takes the lease at once.
        for server in servers:
            assert len(server.relay_holders()) == 1, server.output()
        first_holder_at = await watch.wait_for_holder(within=10)
        holder = watch.samples[-1].holder
        assert holder is not None
        active = server_of(holder, servers)
        [standby] = [server for server in servers if server is not active]
        [standby_name] = standby.relay_holders()

        # --- 1. orders through both servers at once ---------------------------------------
        clients = [client_of(server) for server in servers]
        try:
            async with watching(watch):
                admin = await log_in(clients[0], ADMIN_USERNAME, ADMIN_PASSWORD)
                products = await asyncio.gather(
                    *(create_product(clients[n % 2], admin) for n in range(4))
                )
                customers = await asyncio.gather(
                    *(new_customer(clients[n % 2], clients[(n + 1) % 2]) for n in range(6))
                )
                await asyncio.gather(
                    shop_through(clients, admin, customers, products, orders_each=4, placed=placed),
                    import_products(clients[1], admin, BULK_PRODUCTS),
                )
                await wait_all_sent(engine)
                # A few more rounds of both relays after the last delivery.
                await asyncio.sleep(0.5)
            # Both servers see the backlog gone and the broker up. (Not while watching: the
            # broker check opens a connection from the server that is not relaying too.)
            for client in clients:
                health = expect(await client.get("/health", params={"deep": 1}), 200)
                assert (health["status"], health["kafka"], health["outbox_backlog"]) == (
                    "ok",
                    "ok",
                    0,
                )
        finally:
            await asyncio.gather(*(client.aclose() for client in clients))

        both_alive = watch.since(first_holder_at)
        holders = Counter(sample.holder for sample in both_alive)
        assert set(holders) == {holder}, (
            f"TWO RELAYS HELD THE LEASE while both servers were alive: {dict(holders)}"
        )
        lapsed = [
            s for s in both_alive if not (s.expires_at and s.db_now and s.expires_at > s.db_now)
        ]
        assert not lapsed, f"the lease lapsed while its holder was alive: {lapsed[:3]}"
        if see_connections:
            standby_talked = [s for s in both_alive if s.connections[standby.name]]
            assert not standby_talked, (
                f"TWO RELAYS DELIVERED: server {standby.name} (not the lease holder) had "
                f"connections to the broker: {standby_talked[:3]}"
            )
            delivered = await watch.sample()  # all sent: the holder's producer is connected
            assert delivered.connections[active.name] > 0, "the holder never delivered"

        events = await outbox(engine)
        kinds = Counter(event.event_type for event in events)
        assert kinds["order_created"] == placed.orders == 24
        assert kinds["order_paid"] == placed.paid == 12
        assert kinds["user_registered"] == 6
        assert kinds["product_created"] == 4 + BULK_PRODUCTS
        assert all(event.sent_at is not None for event in events)
        await assert_each_delivered_once(broker.bootstrap, events)

        # --- 2. the holder stops: the survivor takes over ---------------------------------
        stopping_at = time.monotonic()
        returncode = terminate(active)
        assert returncode in (0, -signal.SIGTERM), active.output()
        assert active.relay_holders(RELAY_STOPPED) == [holder], active.output()

        survivor = client_of(standby)
        try:
            async with watching(watch):
                newcomers = await asyncio.gather(
                    *(new_customer(survivor, survivor) for _ in range(2))
                )
                await shop_through(
                    [survivor],
                    admin,
                    customers[:2] + newcomers,
                    products,
                    orders_each=2,
                    placed=placed,
                )
                await watch.wait_for_holder(standby_name, within=LEASE_SECONDS)
                await wait_all_sent(engine)
        finally:
            await survivor.aclose()

        after_stop = watch.since(stopping_at)
        assert {sample.holder for sample in after_stop} <= {holder, None, standby_name}
        taken_over = next(n for n, sample in enumerate(after_stop) if sample.holder == standby_name)
        assert after_stop[taken_over].at - stopping_at <= LEASE_SECONDS, "the takeover was late"
        assert all(s.holder == standby_name for s in after_stop[taken_over:]), (
            "the lease went back to the stopped server"
        )
        if see_connections:
            delivered = await watch.sample()  # all sent: the survivor's producer is connected
            assert delivered.connections[standby.name] > 0, "the survivor never delivered"

        events = await outbox(engine)
        kinds = Counter(event.event_type for event in events)
        assert kinds["order_created"] == placed.orders == 24 + 8
        assert kinds["order_paid"] == placed.paid == 12 + 4
        assert kinds["user_registered"] == 6 + 2
        await assert_each_delivered_once(broker.bootstrap, events)
    finally:
        await engine.dispose()


def test_two_servers_started_together_both_come_up(tmp_path: Path, shop_database: str) -> None:
    """Replicas start at the same moment (a Deployment of two): both migrate (taking turns) and
    seed the administrator ("created by the first replica that finds no such account",
    docs/scaling.md), and both serve."""
    settings = {"DATABASE_URL": shop_database, "KAFKA_ENABLED": "false", "RELAY_ENABLED": "true"}
    started: list[ShopServer] = []
    try:
        for name in ("a", "b"):
            started.append(launch(name, tmp_path / name, **settings))
        try:
            wait_healthy(started)
        except RuntimeError as exc:
            if "already exists" not in str(exc) and "already taken" not in str(exc):
                raise
            pytest.fail(f"ADMIN SEED RACE: a replica started alongside another exited: {exc}")
    finally:
        for server in started:
            terminate(server)
