"""While the database is down, the relay and the live feed say so once, then once a minute,
and once when it is back: no traceback every half second."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.outage import closed_port, postgres_url
from webshop.analytics.live import LiveFeed
from webshop.core.throttled_log import FailureLog
from webshop.db.session import Timeouts, create_engine, create_sessionmaker
from webshop.events.relay import Relay
from webshop.events.transport import InProcessTransport

FAILURES = 10


@pytest.fixture
async def refused() -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Sessions on a PostgreSQL that refuses connections."""
    engine = create_engine(postgres_url(closed_port()), Timeouts(connect=1, statement=1, pool=1))
    yield create_sessionmaker(engine)
    await engine.dispose()


def messages(caplog: pytest.LogCaptureFixture, logger: str) -> list[str]:
    records = [record for record in caplog.records if record.name == logger]
    assert all(record.exc_info is None for record in records)  # reasons, not tracebacks
    return [re.sub(r"in \d+ s$", "in N s", record.getMessage()) for record in records]


def test_a_long_outage_is_logged_at_its_start_once_a_minute_and_at_its_end(caplog):
    now = 0.0
    failing = FailureLog(logging.getLogger("webshop.test"), "The thing", clock=lambda: now)

    for tick in range(300):  # a failure every half second for two and a half minutes
        now = tick / 2
        failing.failed("connection refused")
    now = 150.0
    failing.recovered()
    failing.recovered()  # nothing more to say

    assert [record.getMessage() for record in caplog.records] == [
        "The thing failing: connection refused",
        "The thing still failing (121 failures in 60 s): connection refused",
        "The thing still failing (241 failures in 120 s): connection refused",
        "The thing recovered after 300 failures in 150 s",
    ]
    assert failing.failures == 0


async def test_the_relay_warns_once_while_the_database_is_down_and_once_when_it_is_back(
    settings, refused, sessionmaker, event_handler, caplog
):
    relay = Relay(settings, refused, InProcessTransport(settings, refused, event_handler))

    for _ in range(FAILURES):
        assert await relay._step() > 0  # backing off
    relay.sessionmaker = sessionmaker
    await relay._step()

    assert messages(caplog, "webshop.events.relay") == [
        "Outbox relay failing: connection refused",
        f"Outbox relay recovered after {FAILURES} failures in N s",
    ]
    assert relay.failures == 0


async def test_the_live_feed_warns_once_while_the_database_is_down_and_once_when_it_is_back(
    refused, sessionmaker, caplog
):
    stop = asyncio.Event()
    calls = 0

    def down_then_up() -> AsyncSession:
        """The refusing database for the first polls, then the test database, then stop."""
        nonlocal calls
        calls += 1
        if calls <= FAILURES:
            return refused()
        stop.set()
        return sessionmaker()

    await LiveFeed("secret").run(stop, down_then_up, poll_seconds=0)  # type: ignore[arg-type]

    assert messages(caplog, "webshop.analytics.live") == [
        "Live feed reading the outbox failing: connection refused",
        f"Live feed reading the outbox recovered after {FAILURES} failures in N s",
    ]
