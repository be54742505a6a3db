"""The analytics tables fed by events: views, logins, cart updates and active users per day.

The relay (embedded mode) and the Kafka consumer hand over events in batches; each batch is
counted in Python first and written with one multi-row upsert per table, so a busy catalog
costs a few statements per batch rather than a few per page view.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from webshop.analytics.models import (
    ActiveUserDaily,
    DailyCount,
    LastActiveDay,
    ProductViewsDaily,
    ProductViewsTotal,
)
from webshop.core.inputs import MAX_ID
from webshop.db.upsert import add_to_many, insert_many_if_absent
from webshop.events.consumer import EventHandler
from webshop.events.envelope import EventEnvelope

DAILY_METRICS = {
    "product_viewed": "product_views",
    "product_list_viewed": "list_views",
    "user_login": "logins",
    "cart_updated": "cart_updates",
}
# Events that show a user was active that day.
ACTIVITY = frozenset(
    {"user_login", "product_viewed", "product_list_viewed", "cart_updated", "order_created"}
)


def event_handler(zone: ZoneInfo) -> EventHandler:
    """What the relay (embedded mode) and the Kafka consumer apply events with."""

    async def handle(session: AsyncSession, events: Sequence[EventEnvelope]) -> None:
        await record_events(session, events, zone=zone)

    return handle


async def record_events(
    session: AsyncSession, events: Sequence[EventEnvelope], *, zone: ZoneInfo
) -> None:
    """Count (pseudonymised) events in the daily tables, each on its day in `zone`. Flushes
    only: the caller commits, and makes sure each event is recorded once."""
    metrics: Counter[tuple[date, str]] = Counter()
    views: Counter[tuple[int, date]] = Counter()
    active: set[tuple[date, str]] = set()
    for event in events:
        day = event.timestamp.astimezone(zone).date()
        metric = DAILY_METRICS.get(event.event_type)
        if metric is not None:
            metrics[day, metric] += 1
        product_id = event.data.get("product_id")
        if (
            event.event_type == "product_viewed"
            and isinstance(product_id, int)
            and _is_id(product_id)
        ):
            views[product_id, day] += 1
        if event.event_type in ACTIVITY and isinstance(event.user_id, str):
            active.add((day, event.user_id))

    totals: Counter[int] = Counter()
    for (product_id, _), count in views.items():
        totals[product_id] += count
    # Rows in key order, so that two batches never lock the same rows in opposite orders.
    await add_to_many(
        session,
        DailyCount,
        [
            {"day": day, "metric": metric, "count": n}
            for (day, metric), n in sorted(metrics.items())
        ],
        key=("day", "metric"),
    )
    await add_to_many(
        session,
        ProductViewsDaily,
        [{"product_id": p, "day": day, "views": n} for (p, day), n in sorted(views.items())],
        key=("product_id", "day"),
    )
    await add_to_many(
        session,
        ProductViewsTotal,
        [{"product_id": p, "views": n} for p, n in sorted(totals.items())],
        key=("product_id",),
    )
    await insert_many_if_absent(
        session, ActiveUserDaily, [{"day": day, "user_key": user} for day, user in sorted(active)]
    )
    await _keep_latest_days(session, {user: day for day, user in sorted(active)})


async def _keep_latest_days(session: AsyncSession, latest: dict[str, date]) -> None:
    """Move each user's `LastActiveDay` on to `latest[user]`, never back."""
    if not latest:
        return
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(LastActiveDay).values(
        [{"user_key": user, "day": day} for user, day in sorted(latest.items())]
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["user_key"],
            set_={"day": statement.excluded.day},
            where=LastActiveDay.day < statement.excluded.day,
        )
    )


def _is_id(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID
