"""Database outages: the engine waits a bounded time and says "unavailable", and requests get a
503 to retry instead of a 500 or no answer."""

from __future__ import annotations

import asyncio
import time

import pytest
from sqlalchemy import exc, make_url, text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.outage import (
    OUTAGES,
    closed_port,
    database_down,
    postgres_url,
    proxy,
    shop_on,
    silent_port,
)
from webshop.db import session as session_module
from webshop.db.session import Timeouts, create_engine, failure_reason, is_outage

FAST = Timeouts(connect=0.3, statement=0.3, pool=0.2)
UNAVAILABLE = {
    "detail": "The database is unavailable; try again shortly",
    "code": "database_unavailable",
}


async def first_error(engine: AsyncEngine, statement: str = "SELECT 1") -> exc.SQLAlchemyError:
    try:
        with pytest.raises(exc.SQLAlchemyError) as raised:
            async with engine.connect() as connection:
                await connection.execute(text(statement))
    finally:
        await engine.dispose()
    return raised.value


@pytest.fixture
def postgres(database_url: str) -> str:
    if database_url.startswith("sqlite"):
        pytest.skip("needs a PostgreSQL server: set TEST_POSTGRES_URL")
    return database_url


async def test_a_refused_connection_is_an_outage():
    error = await first_error(create_engine(postgres_url(closed_port()), FAST))

    assert isinstance(error, exc.OperationalError)
    assert is_outage(error)
    assert failure_reason(error) == "connection refused"


async def test_a_database_that_never_answers_is_an_outage_after_the_connect_timeout():
    with silent_port() as port:
        started = time.monotonic()
        error = await first_error(create_engine(postgres_url(port), FAST))
        waited = time.monotonic() - started

    assert isinstance(error, exc.OperationalError)
    assert is_outage(error)
    assert failure_reason(error) == "no answer in time"
    assert 0.25 < waited < 3  # the connect timeout, not asyncpg's own 60 s


async def test_a_wrong_statement_is_no_outage(engine):
    async with engine.connect() as connection:
        with pytest.raises(exc.DBAPIError) as raised:
            await connection.execute(text("SELECT * FROM no_such_table"))

    assert not is_outage(raised.value)  # SQLite calls it an OperationalError, still a bug


async def test_the_server_cancels_a_statement_past_the_statement_timeout(postgres):
    error = await first_error(create_engine(postgres, FAST), "SELECT pg_sleep(10)")

    assert is_outage(error)
    assert failure_reason(error) == "canceling statement due to statement timeout"


async def test_waiting_for_a_pooled_connection_is_bounded(postgres):
    engine = create_engine(postgres, FAST, pool_size=1, max_overflow=0)
    try:
        async with engine.connect():
            with pytest.raises(exc.TimeoutError) as raised:
                await engine.connect().start()
    finally:
        await engine.dispose()

    assert is_outage(raised.value)
    assert failure_reason(raised.value) == "no pooled connection came free in time"


async def test_a_server_that_stops_answering_costs_seconds_not_minutes(postgres, monkeypatch):
    """Mid-statement and on taking a pooled connection: a bounded wait, then an outage."""
    monkeypatch.setattr(session_module, "PING_AFTER_IDLE_SECONDS", 0)  # every checkout pings
    url = make_url(postgres)
    timeouts = Timeouts(connect=0.3, statement=0.3, pool=5)
    async with proxy(url.port or 5432) as server:
        proxied = url.set(port=server.port).render_as_string(hide_password=False)
        engine = create_engine(proxied, timeouts)
        try:
            held = await engine.connect()
            async with engine.connect() as pooled:  # a second connection, left in the pool
                await pooled.execute(text("SELECT 1"))
            server.frozen.set()

            started = time.monotonic()
            with pytest.raises(exc.OperationalError) as mid_statement:
                await held.execute(text("SELECT 1"))
            mid_statement_wait = time.monotonic() - started
            started = time.monotonic()
            with pytest.raises(exc.OperationalError) as checkout:
                await engine.connect().start()
            checkout_wait = time.monotonic() - started
            await held.close()
        finally:
            await engine.dispose()

    assert is_outage(mid_statement.value)
    assert is_outage(checkout.value)
    # The statement timeout plus a margin, and the connect timeout (twice), each followed by
    # SQLAlchemy's 2 s for closing the dead connection: seconds, where it was forever.
    assert mid_statement_wait < 8
    assert checkout_wait < 8


async def test_a_connection_given_back_just_now_is_used_without_a_ping(postgres):
    """A busy server spends no round trip of each request on pings; a connection idle longer
    is pinged (above)."""
    url = make_url(postgres)
    async with proxy(url.port or 5432) as server:
        proxied = url.set(port=server.port).render_as_string(hide_password=False)
        engine = create_engine(proxied, Timeouts(connect=0.3, statement=0.3, pool=5))
        try:
            async with engine.connect() as pooled:
                await pooled.execute(text("SELECT 1"))
            server.frozen.set()  # a ping now would fail
            async with engine.connect() as taken:
                with pytest.raises(exc.OperationalError) as used:
                    await taken.execute(text("SELECT 1"))
        finally:
            await engine.dispose()

    assert is_outage(used.value)


@pytest.mark.parametrize("outage", OUTAGES)
async def test_a_request_gets_a_503_to_retry_when_the_database_is_down(settings, outage):
    with database_down(outage) as url:
        async with shop_on(settings, url) as client:
            started = time.monotonic()
            response = await client.get("/products/")
            waited = time.monotonic() - started

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert response.json() == UNAVAILABLE
    assert waited < 3  # DATABASE_CONNECT_TIMEOUT_SECONDS is 0.5 here


async def test_requests_beyond_the_pool_wait_only_the_pool_timeout(settings, caplog):
    """Fifteen requests (the pool's five and ten overflow) wait to connect; the rest give up
    after the pool timeout. All of them get the same 503."""
    with silent_port() as port:
        async with shop_on(
            settings,
            postgres_url(port),
            DATABASE_CONNECT_TIMEOUT_SECONDS=2,
            DATABASE_POOL_TIMEOUT_SECONDS=0.1,
        ) as client:
            # Different pages: one page asked for twenty times at once is read once.
            pages = (client.get(f"/products/?skip={page}") for page in range(20))
            responses = await asyncio.gather(*pages)

    assert [response.status_code for response in responses] == [503] * 20
    assert all(response.json() == UNAVAILABLE for response in responses)
    assert "no pooled connection came free in time" in caplog.text
    assert "no answer in time" in caplog.text
