from __future__ import annotations

from fastapi import APIRouter, status

from webshop.api.deps import SessionDep
from webshop.api.errors import error_responses
from webshop.auth.dependencies import CurrentUser, limit_per_user
from webshop.auth.errors import InvalidToken
from webshop.cart import service
from webshop.cart.errors import UnknownProduct
from webshop.cart.schemas import CartUpdate, EventAccepted
from webshop.core.errors import RateLimited
from webshop.core.ratelimit import Rate

router = APIRouter(prefix="/events", tags=["events"])


@router.post(
    "/cart",
    response_model=EventAccepted,
    status_code=status.HTTP_202_ACCEPTED,
    responses=error_responses(InvalidToken, UnknownProduct, RateLimited),
    dependencies=[limit_per_user("cart-events", lambda s: (Rate(s.CART_EVENTS_PER_MINUTE, 60),))],
)
async def report_cart_update(
    update: CartUpdate,
    user: CurrentUser,
    session: SessionDep,
) -> EventAccepted:
    """Report a change to your cart (for analytics). Limited per user and minute (429)."""
    return await service.report_cart_update(session, update, user=user)
