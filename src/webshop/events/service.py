"""Events reported by the web UI."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from webshop.core.errors import InvalidInput
from webshop.events.publish import publish
from webshop.events.schemas import CartAction, CartUpdate, EventAccepted, EventType
from webshop.users.models import User


async def report_cart_update(
    session: AsyncSession, update: CartUpdate, *, user: User
) -> EventAccepted:
    if update.action is not CartAction.CLEAR and update.product_id is None:
        raise InvalidInput(f"product_id is required for {update.action}")
    event = await publish(
        session,
        EventType.CART_UPDATED,
        update.model_dump(mode="json"),
        user_id=user.id,
        key=user.id,
    )
    await session.commit()
    return EventAccepted(event_id=event.event_id)
