"""The event pipeline against a real Kafka-compatible broker, on the real (committing) database:
outbox → relay → topics → analytics consumer, through broker outages, relay deaths and
consumer crashes. Delivery is at least once; the analytics counts are exactly once."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from datetime import datetime
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient
from click.testing import CliRunner
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.conftest import make_client
from tests.events.conftest import Broker, Message, read_topic, wait_for_messages
from tests.factories import (
    DEFAULT_PASSWORD,
    auth_headers,
    create_product,
    create_user,
    write_views,
)
from webshop.analytics.models import DailyCount, ProductViewsDaily
from webshop.cli import main
from webshop.core.config import Settings, get_settings
from webshop.events import consumer, relay
from webshop.events.consumer import AnalyticsConsumer
from webshop.events.envelope import EventEnvelope, pseudonym
from webshop.events.models import OutboxEvent, ProcessedEvent
from webshop.events.relay import Relay
from webshop.events.transport import DeliveryFailed, KafkaTransport
from webshop.users.models import UserRole

ORDERS_TOPIC = "webshop-orders"
ANALYTICS_TOPIC = "webshop-analytics"
PRODUCTS_TOPIC = "webshop-products"
USERS_TOPIC = "webshop-users"
TOPICS = [ANALYTICS_TOPIC, PRODUCTS_TOPIC, ORDERS_TOPIC, USERS_TOPIC]

Sessionmaker = async_sessionmaker[AsyncSession]


# --- helpers ---------------------------------------------------------------------------------


async def eventually(
    check: Callable[[], Any],
    *,
    within: float = 30.0,
    what: str = "condition",
    worker: asyncio.Task[None] | None = None,
) -> Any:
    """Poll `check` (plain or async) until it gives something truthy; fail after `within`
    seconds, or at once if `worker` has stopped (re-raising whatever crashed it)."""
    deadline = time.monotonic() + within
    while True:
        if worker is not None and worker.done():
            worker.result()
            raise AssertionError(f"the worker stopped by itself while waiting for {what}")
        result = check()
        if inspect.isawaitable(result):
            result = await result
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {within} s waiting for {what} ({result!r})")
        await asyncio.sleep(0.05)


@contextlib.asynccontextmanager
async def running(worker: Relay | AnalyticsConsumer) -> AsyncIterator[asyncio.Task[None]]:
    """Run `worker.run(stop)` as a task; stop it (and surface any crash) on the way out."""
    stop = asyncio.Event()
    task = asyncio.create_task(worker.run(stop))
    try:
        yield task
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=20)


async def scalar(sessionmaker: Sessionmaker, statement: Any) -> Any:
    async with sessionmaker() as session:
        return await session.scalar(statement)


async def unsent(sessionmaker: Sessionmaker) -> int:
    return int(
        await scalar(
            sessionmaker, select(func.count(OutboxEvent.id)).where(OutboxEvent.sent_at.is_(None))
        )
    )


async def outbox(sessionmaker: Sessionmaker, event_type: str | None = None) -> list[OutboxEvent]:
    async with sessionmaker() as session:
        statement = select(OutboxEvent).order_by(OutboxEvent.id)
        if event_type is not None:
            statement = statement.where(OutboxEvent.event_type == event_type)
        return list((await session.scalars(statement)).all())


async def all_sent(sessionmaker: Sessionmaker) -> bool:
    return await unsent(sessionmaker) == 0


async def relay_everything(settings: Settings, sessionmaker: Sessionmaker) -> None:
    """Run a relay until no event in the outbox is left unsent."""
    async with running(Relay(settings, sessionmaker, KafkaTransport(settings))) as task:
        await eventually(lambda: all_sent(sessionmaker), worker=task, what="the outbox sent")


async def view_products(committed_app: Any, views: dict[int, int]) -> None:
    async with make_client(committed_app) as client:
        for product_id, count in views.items():
            for _ in range(count):
                response = await client.get(f"/products/{product_id}")
                assert response.status_code == 200, response.text
    async with committed_app.state.sessionmaker() as session:
        await write_views(committed_app, session)


async def product_views(sessionmaker: Sessionmaker) -> dict[tuple[int, Any], int]:
    async with sessionmaker() as session:
        rows = await session.execute(
            select(ProductViewsDaily.product_id, ProductViewsDaily.day, ProductViewsDaily.views)
        )
        return {(product_id, day): views for product_id, day, views in rows}


async def expected_views(sessionmaker: Sessionmaker, zone: Any) -> dict[tuple[int, Any], int]:
    """Views per product per shop day, from the events the shop recorded."""
    counts: Counter[tuple[int, Any]] = Counter()
    for event in await outbox(sessionmaker, "product_viewed"):
        counts[event.data["product_id"], event.timestamp.astimezone(zone).date()] += 1
    return dict(counts)


async def processed_ids(sessionmaker: Sessionmaker) -> list[str]:
    async with sessionmaker() as session:
        return list((await session.scalars(select(ProcessedEvent.event_id))).all())


async def applied_views(sessionmaker: Sessionmaker) -> int:
    return int(
        await scalar(sessionmaker, select(func.coalesce(func.sum(ProductViewsDaily.views), 0)))
    )


class ApplySpy:
    """Wraps `consumer.apply_events` (the real one still does the work) to count what the
    consumer was handed and, optionally, to freeze it right after a chosen batch has been
    committed to the database and before its offsets are committed to Kafka: a crash there."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *, freeze_after: int | None = None):
        self.real = consumer.apply_events
        self.sizes: list[int] = []  # events per batch handed over
        self.seen = 0
        self.applied = 0
        self.freeze_after = freeze_after
        self.frozen = asyncio.Event()
        monkeypatch.setattr(consumer, "apply_events", self)

    async def __call__(
        self, session: AsyncSession, events: Sequence[EventEnvelope], **options: Any
    ) -> int:
        applied = await self.real(session, events, **options)
        self.sizes.append(len(events))
        self.seen += len(events)
        self.applied += applied
        if len(self.sizes) == self.freeze_after:
            self.frozen.set()
            await asyncio.Event().wait()  # never returns: the task is cancelled here
        return applied


async def list_topics(bootstrap: str) -> set[str]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        return set(await admin.list_topics())
    finally:
        await admin.close()


def assert_envelope(value: dict[str, Any]) -> None:
    assert set(value) == {"event_id", "event_type", "timestamp", "user_id", "data", "version"}
    assert uuid.UUID(value["event_id"])
    assert value["version"] == 1
    assert datetime.fromisoformat(value["timestamp"]).tzinfo is not None


def first_copies(messages: list[Message]) -> list[Message]:
    """The messages with the duplicates (same event_id) after the first left out."""
    seen: set[str] = set()
    unique = []
    for message in messages:
        if message.value["event_id"] not in seen:
            seen.add(message.value["event_id"])
            unique.append(message)
    return unique


# --- (a) an order on both topics -------------------------------------------------------------


async def test_an_order_and_a_login_reach_their_topics_and_analytics_pseudonymised(
    committed_app, sessionmaker, kafka_settings, broker
):
    async with sessionmaker() as session:
        customer = await create_user(session, username="kafkacarla", email="kc@example.com")
        product = await create_product(session, price="12.34", stock=5, name="Kafka mug")
        await session.commit()
    async with make_client(committed_app) as client:
        login = await client.post(
            "/auth/login", data={"username": "kafkacarla", "password": DEFAULT_PASSWORD}
        )
        assert login.status_code == 200, login.text
        response = await client.post(
            "/orders/",
            json={"items": [{"product_id": product.id, "quantity": 2}]},
            headers=auth_headers(customer),
        )
    assert response.status_code == 201, response.text
    order_id = response.json()["id"]

    relay_ = Relay(kafka_settings, sessionmaker, KafkaTransport(kafka_settings))
    try:
        assert await relay_.hold_lease()
        assert await relay_.deliver_batch() == 2  # user_login, order_created
        assert await relay_.deliver_batch() == 0
    finally:
        await relay_.transport.close()

    [order_message] = await read_topic(broker.bootstrap, ORDERS_TOPIC)
    assert order_message.key == str(order_id)
    order_event = order_message.value
    assert_envelope(order_event)
    assert order_event["event_type"] == "order_created"
    assert order_event["user_id"] == customer.id
    assert order_event["data"] == {
        "order_id": order_id,
        "total_amount": "24.68",
        "item_count": 2,
        "items": [
            {
                "product_id": product.id,
                "product_name": "Kafka mug",
                "quantity": 2,
                "unit_price": "12.34",
            }
        ],
    }

    [login_message] = await read_topic(broker.bootstrap, USERS_TOPIC)
    assert login_message.key == str(customer.id)
    assert login_message.value["event_type"] == "user_login"
    assert login_message.value["data"]["user_id"] == customer.id

    analytics = {
        m.value["event_type"]: m for m in await read_topic(broker.bootstrap, ANALYTICS_TOPIC)
    }
    assert set(analytics) == {"user_login", "order_created"}
    alias = pseudonym(customer.id, kafka_settings.secret_key)
    assert alias.startswith("u_")
    analytic_order = analytics["order_created"]
    assert analytic_order.key == str(order_id)
    assert_envelope(analytic_order.value)
    assert analytic_order.value["event_id"] == order_event["event_id"]
    assert analytic_order.value["timestamp"] == order_event["timestamp"]
    assert analytic_order.value["user_id"] == alias
    assert analytic_order.value["data"] == order_event["data"]
    assert analytics["user_login"].key == alias  # never the user's id, not even as the key
    analytic_login = analytics["user_login"].value
    assert analytic_login["user_id"] == alias
    assert analytic_login["data"]["user_id"] == alias
    assert "username" not in analytic_login["data"]
    for message in analytics.values():
        text = str(message.value)
        assert "kafkacarla" not in text
        assert "kc@example.com" not in text

    events = await outbox(sessionmaker)
    assert [event.event_type for event in events] == ["user_login", "order_created"]
    assert all(event.sent_at is not None for event in events)
    assert events[1].event_id == order_event["event_id"]


# --- (b) a broker outage ---------------------------------------------------------------------


@pytest.mark.usefixtures("fast_relay")
async def test_orders_keep_coming_while_the_broker_is_down_and_go_out_when_it_returns(
    committed_app, sessionmaker, kafka_settings, broker
):
    orders = 100
    async with sessionmaker() as session:
        customers = [await create_user(session) for _ in range(5)]
        product = await create_product(session, stock=orders + 1)
        await session.commit()
    body = {"items": [{"product_id": product.id, "quantity": 1}]}
    headers = [auth_headers(customer) for customer in customers]
    relay_ = Relay(kafka_settings, sessionmaker, KafkaTransport(kafka_settings))

    async with make_client(committed_app) as client, running(relay_) as task:
        # The relay is connected and working...
        first = await client.post("/orders/", json=body, headers=headers[0])
        assert first.status_code == 201
        await eventually(lambda: all_sent(sessionmaker), worker=task, what="the first order")
        assert relay_.connected

        # ...when the broker dies. The shop goes on taking orders.
        broker.stop()
        responses = await asyncio.gather(
            *(client.post("/orders/", json=body, headers=headers[n % 5]) for n in range(orders))
        )
        assert [response.status_code for response in responses] == [201] * orders
        assert await unsent(sessionmaker) == orders
        # The relay backs off and retries, and never gives up.
        await eventually(lambda: relay_.failures >= 2, worker=task, what="two failures")
        assert await unsent(sessionmaker) == orders

        # The broker comes back with nothing: no topics, no messages.
        broker.start()
        await eventually(lambda: all_sent(sessionmaker), worker=task, what="the backlog sent")
        assert relay_.failures == 0  # recovered
    # The relay made the topics again, all four of them, not just those it wrote to.
    assert set(TOPICS) <= await list_topics(broker.bootstrap)

    expected = [
        event
        for event in await outbox(sessionmaker, "order_created")
        if event.key != str(first.json()["id"])
    ]
    assert len(expected) == orders
    position = {event.event_id: n for n, event in enumerate(expected)}
    for topic in (ORDERS_TOPIC, ANALYTICS_TOPIC):
        messages = await wait_for_messages(broker.bootstrap, topic, orders)
        messages = [m for m in messages if m.value["event_type"] == "order_created"]
        unique = first_copies(messages)
        # Everything arrived (at least once), and exactly once after de-duplication...
        assert len(messages) >= orders
        assert sorted(m.value["event_id"] for m in unique) == sorted(position)
        # ...keyed by order, and in outbox order within each partition.
        for message in unique:
            assert message.key == str(message.value["data"]["order_id"])
        for partition in {m.partition for m in unique}:
            in_partition = [m for m in unique if m.partition == partition]
            ids = [position[m.value["event_id"]] for m in in_partition]
            assert ids == sorted(ids)
            stamps = [datetime.fromisoformat(m.value["timestamp"]) for m in in_partition]
            assert stamps == sorted(stamps)
        # Per order (key), its copies are all the same one event.
        per_key: dict[str, set[str]] = {}
        for message in messages:
            per_key.setdefault(message.key or "", set()).add(message.value["event_id"])
        assert all(len(ids) == 1 for ids in per_key.values())
        assert len(per_key) == orders


# --- (c) a consumer that crashes -------------------------------------------------------------


@pytest.mark.usefixtures("fast_relay", "fast_consumer_group")
async def test_a_crashed_consumer_never_counts_a_view_twice(
    committed_app, sessionmaker, kafka_settings, broker, monkeypatch, event_handler
):
    async with sessionmaker() as session:
        products = [await create_product(session) for _ in range(3)]
        await session.commit()
    views = {products[0].id: 12, products[1].id: 10, products[2].id: 8}
    total = sum(views.values())
    await view_products(committed_app, views)
    await relay_everything(kafka_settings, sessionmaker)
    assert len(await read_topic(broker.bootstrap, ANALYTICS_TOPIC)) == total
    monkeypatch.setattr(consumer, "MAX_RECORDS", 4)  # small batches, so there is a middle

    # The first consumer dies after its second batch reached the database but before it told
    # Kafka: the first batch's offsets are committed, the second's are not.
    spy = ApplySpy(monkeypatch, freeze_after=2)
    stop = asyncio.Event()
    task = asyncio.create_task(
        AnalyticsConsumer(kafka_settings, sessionmaker, event_handler).run(stop)
    )
    try:
        await asyncio.wait_for(spy.frozen.wait(), timeout=30)
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, timeout=20)
    committed, uncommitted = spy.sizes  # batch sizes: 4 each, unless the broker split them
    assert 0 < committed + uncommitted < total  # it died mid-stream
    assert spy.applied == committed + uncommitted
    assert await applied_views(sessionmaker) == committed + uncommitted
    assert len(await processed_ids(sessionmaker)) == committed + uncommitted

    # A fresh member of the same group resumes at the last committed offset: the second batch
    # comes again and changes nothing; the rest is applied once.
    spy = ApplySpy(monkeypatch)
    async with running(AnalyticsConsumer(kafka_settings, sessionmaker, event_handler)) as task:
        rest = total - committed
        await eventually(lambda: spy.seen >= rest, worker=task, what="the rest consumed")
    assert spy.seen == rest
    assert spy.applied == total - committed - uncommitted
    zone = kafka_settings.shop_zone
    assert await product_views(sessionmaker) == await expected_views(sessionmaker, zone)
    assert await applied_views(sessionmaker) == total

    # Rewind the group to the very beginning, as a crash before any offset commit would:
    # every message is redelivered, and still nothing is counted twice.
    await rewind_group(kafka_settings, ANALYTICS_TOPIC)
    spy = ApplySpy(monkeypatch)
    async with running(AnalyticsConsumer(kafka_settings, sessionmaker, event_handler)) as task:
        await eventually(lambda: spy.seen >= total, worker=task, what="all consumed again")
    assert spy.seen == total
    assert spy.applied == 0

    per_product: Counter[int] = Counter()
    for (product_id, _), count in (await product_views(sessionmaker)).items():
        per_product[product_id] += count
    assert per_product == views
    assert await product_views(sessionmaker) == await expected_views(sessionmaker, zone)
    assert (
        await scalar(
            sessionmaker,
            select(func.sum(DailyCount.count)).where(DailyCount.metric == "product_views"),
        )
        == total
    )
    ids = await processed_ids(sessionmaker)
    assert sorted(ids) == sorted(e.event_id for e in await outbox(sessionmaker, "product_viewed"))


async def rewind_group(settings: Settings, topic: str) -> None:
    """Commit offset 0 for the consumer group, as a member of it (the broker wants a member)."""
    member = AIOKafkaConsumer(
        topic,
        bootstrap_servers=settings.KAFKA_BOOTSTRAP_SERVERS,
        group_id=settings.KAFKA_CONSUMER_GROUP,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        session_timeout_ms=1000,
        heartbeat_interval_ms=100,
        rebalance_timeout_ms=500,
    )
    await member.start()
    try:
        assignment = await eventually(member.assignment, within=15, what="an assignment")
        await member.commit(dict.fromkeys(assignment, 0))
        for tp in assignment:
            assert await member.committed(tp) == 0
    finally:
        await member.stop()


# --- (d) a relay that dies between sending and marking sent ----------------------------------


class DiesAfterSending(KafkaTransport):
    """Hands the events to Kafka, then 'dies' before the relay can mark them sent."""

    async def deliver(self, events: Sequence[OutboxEvent]) -> None:
        await super().deliver(events)
        raise DeliveryFailed("killed right after sending")


@pytest.mark.usefixtures("fast_relay", "fast_consumer_group")
async def test_a_relay_killed_after_sending_sends_again_and_analytics_count_once(
    committed_app, sessionmaker, kafka_settings, broker, monkeypatch, event_handler
):
    async with sessionmaker() as session:
        products = [await create_product(session) for _ in range(2)]
        await session.commit()
    views = {products[0].id: 4, products[1].id: 3}
    total = sum(views.values())
    await view_products(committed_app, views)

    # The first relay sends everything and dies without marking anything sent, still holding
    # the lease (a dead process releases nothing).
    monkeypatch.setattr(relay, "LEASE_SECONDS", 1.0)  # timing only: a lease lasts a second
    doomed = Relay(kafka_settings, sessionmaker, DiesAfterSending(kafka_settings))
    try:
        assert await doomed.hold_lease()
        with pytest.raises(DeliveryFailed):
            await doomed.deliver_batch()
    finally:
        await doomed.transport.close()
    assert await unsent(sessionmaker) == total
    assert len(await read_topic(broker.bootstrap, ANALYTICS_TOPIC)) == total

    # Another relay takes over once the lease expires, and sends the same events again.
    await relay_everything(kafka_settings, sessionmaker)
    ids = {event.event_id for event in await outbox(sessionmaker, "product_viewed")}
    for topic in (ANALYTICS_TOPIC, PRODUCTS_TOPIC):
        messages = await read_topic(broker.bootstrap, topic)
        copies = Counter(message.value["event_id"] for message in messages)
        assert copies == dict.fromkeys(ids, 2)

    # The consumer sees every event twice and counts it once.
    spy = ApplySpy(monkeypatch)
    async with running(AnalyticsConsumer(kafka_settings, sessionmaker, event_handler)) as task:
        await eventually(lambda: spy.seen >= 2 * total, worker=task, what="both copies")
    assert spy.seen == 2 * total
    assert spy.applied == total
    per_product: Counter[int] = Counter()
    for (product_id, _), count in (await product_views(sessionmaker)).items():
        per_product[product_id] += count
    assert per_product == views
    assert sorted(await processed_ids(sessionmaker)) == sorted(ids)


# --- webshop events init-topics --------------------------------------------------------------


@pytest.fixture
def cli_env(broker: Broker, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrap)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.mark.usefixtures("cli_env")
def test_init_topics_creates_the_four_topics_once(broker):
    first = CliRunner().invoke(main, ["events", "init-topics"])
    assert first.exit_code == 0, first.output
    assert first.output.splitlines() == [f"{topic}: created" for topic in TOPICS]

    second = CliRunner().invoke(main, ["events", "init-topics"])
    assert second.exit_code == 0, second.output
    assert second.output.splitlines() == [f"{topic}: exists" for topic in TOPICS]

    assert set(TOPICS) <= asyncio.run(list_topics(broker.bootstrap))


@pytest.mark.usefixtures("cli_env")
def test_init_topics_without_a_broker_says_so(broker):
    broker.stop()
    result = CliRunner().invoke(main, ["events", "init-topics"])
    assert result.exit_code == 1
    assert "not reachable" in result.output
    assert "Traceback" not in result.output


async def test_a_replayed_range_reaches_kafka_again_and_analytics_count_once(
    committed_app, sessionmaker, kafka_settings, broker, monkeypatch, event_handler
):
    async with sessionmaker() as session:
        lamp = await create_product(session)
        owner = await create_user(session, role=UserRole.ADMIN)
        await session.commit()
    await view_products(committed_app, {lamp.id: 3})
    today = datetime.now(kafka_settings.shop_zone).date()
    replay_today = {"created_from": today.isoformat(), "created_to": today.isoformat()}
    spy = ApplySpy(monkeypatch)

    async with running(AnalyticsConsumer(kafka_settings, sessionmaker, event_handler)) as task:
        await relay_everything(kafka_settings, sessionmaker)
        await eventually(lambda: spy.applied >= 3, worker=task, what="the views applied")
        before = await product_views(sessionmaker)
        async with make_client(committed_app) as client:
            replay = await client.post(
                "/admin/outbox/replay",
                json={**replay_today, "event_type": "product_viewed"},
                headers=auth_headers(owner),
            )
        await relay_everything(kafka_settings, sessionmaker)
        await eventually(lambda: spy.seen >= 6, worker=task, what="the replayed copies")

    assert replay.json()["replayed"] == 3
    messages = await read_topic(broker.bootstrap, ANALYTICS_TOPIC)
    copies = Counter(message.value["event_id"] for message in messages)
    assert sorted(copies.values()) == [2, 2, 2]
    assert (spy.seen, spy.applied) == (6, 3)
    assert await product_views(sessionmaker) == before == {(lamp.id, today): 3}
