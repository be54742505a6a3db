"""Analytics: materialising events into the tables the analytics API reads."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from webshop.analytics.models import ActiveUserDaily, DailyCount, ProductViewsDaily
from webshop.core.config import get_settings
from webshop.db.upsert import increment, insert_if_absent
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


async def record_event(session: AsyncSession, event: EventEnvelope) -> None:
    """Count one (pseudonymised) event in the daily tables. Flushes only: the caller commits,
    and the caller makes sure each event is recorded once."""
    day = event.timestamp.astimezone(get_settings().shop_zone).date()
    metric = DAILY_METRICS.get(event.event_type)
    if metric is not None:
        await increment(session, DailyCount, {"day": day, "metric": metric}, "count")
    product_id = event.data.get("product_id")
    if event.event_type == "product_viewed" and isinstance(product_id, int):
        await increment(session, ProductViewsDaily, {"product_id": product_id, "day": day}, "views")
    if event.event_type in ACTIVITY and isinstance(event.user_id, str):
        await insert_if_absent(session, ActiveUserDaily, {"day": day, "user_key": event.user_id})
