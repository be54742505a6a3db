"""The shopping cart. It lives in the browser; the shop hears of its changes, for analytics."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from webshop.cart.errors import UnknownProduct
from webshop.cart.schemas import CartUpdate, EventAccepted
from webshop.catalog import service as catalog_service
from webshop.events.publish import publish
from webshop.events.schemas import EventType
from webshop.users.models import User


async def report_cart_update(
    session: AsyncSession, update: CartUpdate, *, user: User
) -> EventAccepted:
    """Record a `cart_updated` event. A product taken off sale may still be in a cart (and be
    removed from it); one that never existed is refused."""
    if update.product_id is not None and not await catalog_service.product_exists(
        session, update.product_id
    ):
        raise UnknownProduct(update.product_id)
    event = await publish(
        session,
        EventType.CART_UPDATED,
        update.model_dump(mode="json"),
        user_id=user.id,
        key=user.id,
    )
    await session.commit()
    return EventAccepted(event_id=event.event_id)
