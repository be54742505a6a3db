import asyncio
import os
import socket
from datetime import timedelta

import pytest
from asgi_lifespan import LifespanManager
from sqlalchemy import update

from tests.conftest import make_client
from webshop import __version__
from webshop.core.clock import utcnow
from webshop.core.config import Settings
from webshop.events.models import OutboxEvent
from webshop.events.publish import publish
from webshop.events.schemas import EventType
from webshop.main import create_app


async def test_health_reports_ok_with_version(client):
    response = await client.get("/health")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "version": __version__,
        "database": "ok",
        "kafka": "disabled",
        "outbox_backlog": 0,
    }


async def test_health_reports_the_outbox_backlog(client, session):
    await publish(session, EventType.CART_UPDATED, {})
    await publish(session, EventType.CART_UPDATED, {})
    await session.flush()

    body = (await client.get("/health")).json()

    assert body["outbox_backlog"] == 2
    assert body["oldest_unsent_seconds"] >= 0


async def test_health_reports_kafka_reachability(client, settings, monkeypatch):
    listener = await asyncio.start_server(lambda _r, w: w.close(), "127.0.0.1", 0)
    port = listener.sockets[0].getsockname()[1]
    monkeypatch.setattr(settings, "KAFKA_ENABLED", True)
    try:
        monkeypatch.setattr(settings, "KAFKA_BOOTSTRAP_SERVERS", f"127.0.0.1:{port}")
        reachable = (await client.get("/health")).json()
    finally:
        listener.close()
        await listener.wait_closed()
    monkeypatch.setattr(settings, "KAFKA_BOOTSTRAP_SERVERS", f"127.0.0.1:{port}")
    unreachable = await client.get("/health")

    assert reachable["kafka"] == "ok"
    assert unreachable.json()["kafka"] == "unreachable"
    assert unreachable.status_code == 200  # the shop works without Kafka; events wait


async def test_the_real_lifespan_connects_to_the_configured_database(settings):
    app = create_app(settings)
    async with LifespanManager(app), make_client(app) as client:
        response = await client.get("/health")
    assert response.status_code == 200


async def test_health_is_503_when_the_database_is_unreachable(settings, data_dir):
    unreachable = Settings(
        DATABASE_URL="postgresql+asyncpg://postgres@127.0.0.1:1/nowhere",
        DATA_DIR=data_dir,
        SECRET_KEY=settings.secret_key,
    )
    app = create_app(unreachable)
    async with LifespanManager(app), make_client(app) as client:
        response = await client.get("/health")

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "version": __version__,
        "database": "unreachable",
        "kafka": "disabled",
        "detail": "Database unreachable",
    }


async def test_openapi_documents_and_tags_every_route(client):
    schema = (await client.get("/openapi.json")).json()

    operations = [
        (path, method, operation)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]
    assert len(operations) >= 20
    for path, method, operation in operations:
        assert operation.get("tags"), (path, method)
        assert operation.get("description") or operation.get("summary"), (path, method)
        assert operation["operationId"].startswith(operation["tags"][0] + "-")
        assert {"200", "201", "202", "204"} & set(operation["responses"]), (path, method)
    assert "/auth/login" in schema["paths"]
    docs = await client.get("/docs")
    assert docs.status_code == 200
    assert "swagger" in docs.text.lower()


async def test_deep_health_is_degraded_when_events_wait_too_long(client, session):
    await publish(session, EventType.CART_UPDATED, {})
    await session.execute(update(OutboxEvent).values(timestamp=utcnow() - timedelta(seconds=301)))

    shallow = await client.get("/health")
    deep = await client.get("/health?deep=1")

    assert shallow.status_code == 200
    assert deep.status_code == 503
    body = deep.json()
    assert body["status"] == "degraded"
    assert body["detail"].startswith("The oldest undelivered event has waited 30")


async def test_deep_health_is_degraded_without_the_broker(client, settings, monkeypatch):
    monkeypatch.setattr(settings, "KAFKA_ENABLED", True)
    monkeypatch.setattr(settings, "KAFKA_BOOTSTRAP_SERVERS", f"127.0.0.1:{closed_port()}")

    shallow = await client.get("/health")
    deep = await client.get("/health?deep=1")

    assert shallow.status_code == 200
    assert (deep.status_code, deep.json()["detail"]) == (503, "Kafka unreachable")


async def test_deep_health_is_ok_when_events_flow(client):
    response = await client.get("/health?deep=1")
    assert (response.status_code, response.json()["status"]) == (200, "ok")


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.skipif(bool(os.environ.get("TEST_POSTGRES_URL")), reason="SQLite's write lock")
async def test_on_sqlite_health_and_the_catalog_read_beside_a_busy_writer(committed_app, engine):
    async with engine.connect() as writer, make_client(committed_app) as client:
        await writer.begin()  # BEGIN IMMEDIATE: the relay catching up holds the lock like this
        health = await asyncio.wait_for(client.get("/health"), 1.5)
        catalog = await asyncio.wait_for(client.get("/products/?limit=5"), 1.5)
        login = {"username": "nobody@example.com", "password": "not-the-password"}
        counted = asyncio.create_task(client.post("/auth/login", data=login))
        with pytest.raises(TimeoutError):  # a write (the failed-login counter) still queues
            await asyncio.wait_for(asyncio.shield(counted), 1.0)
        await writer.rollback()
        assert (await counted).status_code == 401

    assert (health.status_code, health.json()["database"]) == (200, "ok")
    assert catalog.status_code == 200
