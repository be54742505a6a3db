"""The outbox relay: delivers committed events, in order, at least once.

Any number of relays may run (one per `webshop serve` worker, plus `webshop events relay`);
the one holding the lease row works and the others wait, so events go out once and in order.
If the transport fails, the relay backs off exponentially and tries the same events again:
the shop keeps taking orders meanwhile, and the backlog goes out when the broker returns.
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
import socket
import uuid
from datetime import timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from webshop.core import metrics
from webshop.core.clock import utcnow
from webshop.core.config import Settings
from webshop.core.throttled_log import FailureLog
from webshop.core.waiting import sleep_unless
from webshop.db.session import failure_reason
from webshop.db.upsert import insert_if_absent
from webshop.events import consumer
from webshop.events.models import OutboxEvent, RelayLease
from webshop.events.transport import DeliveryFailed, Transport

logger = logging.getLogger(__name__)

LEASE = "outbox"
LEASE_SECONDS = 15.0
BATCH_SIZE = 200
IDLE_SECONDS = 0.2
BACKOFF_FIRST, BACKOFF_MAX = 0.5, 30.0
PRUNE_EVERY = timedelta(minutes=10)


class Relay:
    def __init__(
        self,
        settings: Settings,
        sessionmaker: async_sessionmaker[AsyncSession],
        transport: Transport,
        *,
        batch_size: int = BATCH_SIZE,
        idle_seconds: float = IDLE_SECONDS,
    ) -> None:
        self.settings = settings
        self.sessionmaker = sessionmaker
        self.transport = transport
        self.batch_size = batch_size
        self.idle_seconds = idle_seconds
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.connected = False
        self._failing = FailureLog(logger, "Outbox relay")
        self._next_prune = utcnow()

    @property
    def failures(self) -> int:
        """Failed rounds in a row; 0 while the relay works."""
        return self._failing.failures

    async def run(self, stop: asyncio.Event) -> None:
        """Relay until `stop` is set, surviving broker and database outages."""
        logger.info("Outbox relay %s started (%s)", self.holder, self.transport.name)
        try:
            while not stop.is_set():
                delay = await self._step()
                if delay:
                    await sleep_unless(stop, delay)
        finally:
            await self.transport.close()
            await self._release_lease()
            logger.info("Outbox relay %s stopped", self.holder)

    async def _step(self) -> float:
        """One round; returns how long to wait before the next."""
        try:
            if not await self.hold_lease():
                return LEASE_SECONDS / 3
            delivered = await self.deliver_batch()
            await self._prune_if_due()
        except (DeliveryFailed, SQLAlchemyError, OSError) as exc:
            self.connected = False
            if isinstance(exc, DeliveryFailed):
                metrics.EVENT_PUBLISH_FAILURES.inc()
            self._failing.failed(failure_reason(exc))
            delay = min(BACKOFF_MAX, BACKOFF_FIRST * 2.0 ** (self.failures - 1))
            return delay * random.uniform(0.8, 1.2)  # noqa: S311 - jitter, not security  # nosec B311
        self._failing.recovered()
        return 0.0 if delivered == self.batch_size else self.idle_seconds

    async def hold_lease(self) -> bool:
        """Take or renew the lease; False while another live relay holds it."""
        now = utcnow()
        async with self.sessionmaker() as session:
            await insert_if_absent(session, RelayLease, {"name": LEASE, "expires_at": now})
            result = await session.execute(
                update(RelayLease)
                .where(
                    RelayLease.name == LEASE,
                    (RelayLease.holder == self.holder) | (RelayLease.expires_at <= now),
                )
                .values(holder=self.holder, expires_at=now + timedelta(seconds=LEASE_SECONDS))
            )
            await session.commit()
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def deliver_batch(self) -> int:
        """Send the oldest unsent events and mark them sent; return how many went out."""
        async with self.sessionmaker() as session:
            events = list(
                (
                    await session.scalars(
                        select(OutboxEvent)
                        .where(OutboxEvent.sent_at.is_(None))
                        .order_by(OutboxEvent.id)
                        .limit(self.batch_size)
                    )
                ).all()
            )
            await session.commit()  # hold no transaction while talking to the broker
            if not events:
                return 0
            ids = [event.id for event in events]
            try:
                if not self.connected:
                    await self.transport.connect()
                    self.connected = True
                await self.transport.deliver(events)
            except DeliveryFailed as exc:
                await self._note_failure(session, ids, failure_reason(exc))
                raise
            # Were the relay to die right here, the events go out again: at least once.
            await session.execute(
                update(OutboxEvent)
                .where(OutboxEvent.id.in_(ids))
                .values(sent_at=utcnow(), attempts=OutboxEvent.attempts + 1, last_error=None)
                # The loaded events are done with: nothing to bring up to date.
                .execution_options(synchronize_session=False)
            )
            await session.commit()
        return len(events)

    async def _note_failure(self, session: AsyncSession, ids: list[int], reason: str) -> None:
        """Count a failed attempt on each event, for the delivery log; a database that fails too
        only loses the count, never the events."""
        try:
            await session.execute(
                update(OutboxEvent)
                .where(OutboxEvent.id.in_(ids))
                .values(attempts=OutboxEvent.attempts + 1, last_error=reason[:500])
                .execution_options(synchronize_session=False)
            )
            await session.commit()
        except (SQLAlchemyError, OSError):
            logger.warning("Could not record the failed delivery", exc_info=True)

    async def _prune_if_due(self) -> None:
        if utcnow() < self._next_prune:
            return
        self._next_prune = utcnow() + PRUNE_EVERY
        retention = timedelta(hours=self.settings.OUTBOX_RETENTION_HOURS)
        async with self.sessionmaker() as session:
            pruned = await session.execute(
                delete(OutboxEvent).where(OutboxEvent.sent_at < utcnow() - retention)
            )
            await session.commit()
            forgotten = await consumer.forget_processed(session, older_than=retention)
        if pruned.rowcount or forgotten:  # type: ignore[attr-defined]
            logger.info(
                "Pruned %d delivered events and %d de-duplication markers",
                pruned.rowcount,  # type: ignore[attr-defined]
                forgotten,
            )

    async def _release_lease(self) -> None:
        try:
            async with self.sessionmaker() as session:
                await session.execute(
                    update(RelayLease)
                    .where(RelayLease.name == LEASE, RelayLease.holder == self.holder)
                    .values(holder=None, expires_at=utcnow())
                )
                await session.commit()
        except (SQLAlchemyError, OSError):
            logger.warning("Could not release the relay lease", exc_info=True)
