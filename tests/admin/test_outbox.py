"""The event delivery log: the outbox with each event's attempts, the relay's state, and
replays that consumers recognise, so that figures do not change."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from tests.conftest import make_client
from tests.factories import auth_headers, create_product, create_user, write_views
from webshop.admin import service as admin_service
from webshop.audit.models import AuditRecord
from webshop.core.clock import utcnow
from webshop.events.models import OutboxEvent
from webshop.events.publish import publish
from webshop.events.relay import Relay
from webshop.events.schemas import EventType
from webshop.events.transport import DeliveryFailed, InProcessTransport
from webshop.users.models import UserRole


class FailingOnce(InProcessTransport):
    """The in-process consumer behind a link that drops its first delivery."""

    failed = False

    async def deliver(self, events):
        if not self.failed:
            self.failed = True
            raise DeliveryFailed("broker unreachable: connection refused")
        await super().deliver(events)


@pytest.fixture
def sessionmaker(committed_app):
    return committed_app.state.sessionmaker


@pytest.fixture
def relay(settings, sessionmaker, event_handler):
    return Relay(settings, sessionmaker, InProcessTransport(settings, sessionmaker, event_handler))


@pytest.fixture
async def web(committed_app):
    async with make_client(committed_app) as client:
        yield client


@pytest.fixture
async def owner(sessionmaker):
    async with sessionmaker() as session:
        user = await create_user(
            session, username="owen", email="owen@example.com", role=UserRole.ADMIN
        )
        await session.commit()
    return auth_headers(user)


async def events(web, owner, **filters):
    response = await web.get("/admin/outbox", params=filters, headers=owner)
    assert response.status_code == 200, response.text
    return response.json()


async def relay_state(web, owner):
    response = await web.get("/admin/outbox/relay", headers=owner)
    assert response.status_code == 200, response.text
    return response.json()


async def publish_some(sessionmaker):
    async with sessionmaker() as session:
        lamp = await create_product(session, name="Lamp")
        await publish(session, EventType.PRODUCT_VIEWED, {"product_id": lamp.id}, key=lamp.id)
        await publish(session, EventType.CART_UPDATED, {"action": "add"}, user_id=7)
        await session.commit()
    return lamp


async def test_a_failed_attempt_is_logged_and_the_next_one_delivers(
    web, owner, settings, sessionmaker, event_handler
):
    lamp = await publish_some(sessionmaker)
    relay = Relay(settings, sessionmaker, FailingOnce(settings, sessionmaker, event_handler))
    assert await relay.hold_lease()

    with pytest.raises(DeliveryFailed):
        await relay.deliver_batch()
    failing = await events(web, owner)
    state = await relay_state(web, owner)
    assert await relay.deliver_batch() == 2
    sent = await events(web, owner)

    assert [(e["event_type"], e["key"], e["delivery"], e["attempts"]) for e in failing] == [
        ("cart_updated", None, "failing", 1),
        ("product_viewed", str(lamp.id), "failing", 1),
    ]
    assert failing[0]["last_error"] == "broker unreachable: connection refused"
    assert failing[0]["sent_at"] is None
    assert (state["backlog"], state["failing"], state["lease_holder"]) == (2, 2, relay.holder)
    assert state["oldest_unsent_at"] is not None
    assert (state["transport"], state["enabled"]) == ("in-process", settings.RELAY_ENABLED)
    assert [(e["delivery"], e["attempts"]) for e in sent] == [("sent", 2), ("sent", 2)]
    assert sent[0]["last_error"] is None


async def test_the_log_is_filtered_and_paged(web, owner, sessionmaker, relay):
    lamp = await publish_some(sessionmaker)
    await relay.hold_lease()
    await relay.deliver_batch()
    async with sessionmaker() as session:
        await publish(session, EventType.PRODUCT_VIEWED, {"product_id": lamp.id}, key=lamp.id)
        await session.commit()

    views = await web.get(
        "/admin/outbox", params={"event_type": "product_viewed", "limit": 1}, headers=owner
    )
    pending = await events(web, owner, delivery="pending")
    keyed = await events(web, owner, key=str(lamp.id), delivery="sent")
    tomorrow = (utcnow() + timedelta(days=1)).date().isoformat()

    assert views.headers["x-total-count"] == "2"
    assert [e["delivery"] for e in views.json()] == ["pending"]
    assert [e["event_type"] for e in pending] == ["product_viewed"]
    assert [e["data"] for e in keyed] == [{"product_id": lamp.id}]
    assert await events(web, owner, created_from=tomorrow) == []
    assert await events(web, owner, delivery="failing") == []
    assert (await relay_state(web, owner))["backlog"] == 1


async def test_a_replayed_range_is_delivered_again_and_changes_no_figure(
    committed_app, web, owner, sessionmaker, relay
):
    async with sessionmaker() as session:
        shopper = await create_user(session)
        lamp = await create_product(session)
        await session.commit()
    for _ in range(3):
        await web.get(f"/products/{lamp.id}", headers=auth_headers(shopper))
    await web.post(
        "/events/cart",
        json={"action": "add", "product_id": lamp.id, "quantity": 1, "cart_item_count": 1},
        headers=auth_headers(shopper),
    )
    async with sessionmaker() as session:
        await write_views(committed_app, session)
    await relay.hold_lease()
    while await relay.deliver_batch():
        pass
    figures = [
        (await web.get(path, headers=owner)).json()
        for path in ("/analytics/products", "/analytics/users")
    ]
    today = utcnow().date().isoformat()
    sent = len(await events(web, owner, delivery="sent", limit=100))

    replay = await web.post(
        "/admin/outbox/replay", json={"created_from": today, "created_to": today}, headers=owner
    )
    backlog = (await relay_state(web, owner))["backlog"]
    while await relay.deliver_batch():
        pass

    assert replay.status_code == 200, replay.text
    assert replay.json()["replayed"] == sent
    assert backlog == sent
    assert figures == [
        (await web.get(path, headers=owner)).json()
        for path in ("/analytics/products", "/analytics/users")
    ]
    assert [product["views"] for product in figures[0]] == [3]
    assert {e["attempts"] for e in await events(web, owner, limit=100)} == {2}
    async with sessionmaker() as session:
        record = await session.scalar(
            select(AuditRecord).where(AuditRecord.action == "events.replayed")
        )
    assert record.after == {"created_from": today, "created_to": today, "replayed": sent}


async def test_one_event_is_replayed_by_its_id(web, owner, sessionmaker, relay):
    await publish_some(sessionmaker)
    await relay.hold_lease()
    await relay.deliver_batch()
    chosen = (await events(web, owner))[0]

    replay = await web.post(
        "/admin/outbox/replay", json={"event_id": chosen["event_id"]}, headers=owner
    )
    unknown = await web.post(
        "/admin/outbox/replay",
        json={"event_id": "00000000-0000-0000-0000-000000000000"},
        headers=owner,
    )

    assert replay.json()["replayed"] == 1
    assert [(e["id"], e["delivery"]) for e in await events(web, owner, delivery="pending")] == [
        (chosen["id"], "pending")
    ]
    assert (unknown.status_code, unknown.json()["code"]) == (404, "not_found")


async def test_only_sent_events_within_the_retention_are_replayed(
    web, owner, settings, sessionmaker, relay
):
    await publish_some(sessionmaker)
    await relay.hold_lease()
    await relay.deliver_batch()
    async with sessionmaker() as session:  # one event is as old as the consumers' memory
        oldest = await session.scalar(select(func.min(OutboxEvent.id)))
        created = utcnow() - timedelta(hours=settings.OUTBOX_RETENTION_HOURS)
        await session.execute(
            update(OutboxEvent).where(OutboxEvent.id == oldest).values(timestamp=created)
        )
        await publish(session, EventType.CART_UPDATED, {"action": "remove"})
        await session.commit()
    week = {
        "created_from": (utcnow() - timedelta(days=30)).isoformat(),
        "created_to": (utcnow() + timedelta(minutes=1)).isoformat(),
    }

    replay = await web.post("/admin/outbox/replay", json=week, headers=owner)

    assert replay.json()["replayed"] == 1  # not the old one, not the unsent one
    replayable_from = datetime.fromisoformat(replay.json()["replayable_from"])
    assert created < replayable_from < created + timedelta(hours=1, minutes=1)


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"created_from": "2026-12-01"},
        {"event_id": "x", "created_from": "2026-12-01", "created_to": "2026-12-02"},
        {"event_id": "x", "event_type": "cart_updated"},
        {"created_from": "2026-12-01", "created_to": "2026-12-02", "event_type": "nope"},
    ],
)
async def test_a_replay_names_one_event_or_a_range(web, owner, body):
    response = await web.post("/admin/outbox/replay", json=body, headers=owner)

    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"


async def test_only_administrators_see_and_replay_events(web, sessionmaker):
    async with sessionmaker() as session:
        shopper = await create_user(session)
        await session.commit()
    customer = auth_headers(shopper)
    requests = [
        ("GET", "/admin/outbox", None),
        ("GET", "/admin/outbox/relay", None),
        ("POST", "/admin/outbox/replay", {"event_id": "x"}),
    ]
    for method, path, body in requests:
        anonymous = await web.request(method, path, json=body)
        refused = await web.request(method, path, json=body, headers=customer)
        assert anonymous.status_code == 401, path
        assert refused.status_code == 403, path


async def test_a_range_too_large_is_refused_whole(web, owner, sessionmaker, relay, monkeypatch):
    monkeypatch.setattr(admin_service, "MAX_REPLAY", 1)
    await publish_some(sessionmaker)
    await relay.hold_lease()
    await relay.deliver_batch()
    today = utcnow().date().isoformat()

    response = await web.post(
        "/admin/outbox/replay", json={"created_from": today, "created_to": today}, headers=owner
    )

    assert response.status_code == 422
    assert response.json()["code"] == "replay_too_large"
    assert "holds 2 events" in response.json()["detail"]
    assert await events(web, owner, delivery="pending") == []
