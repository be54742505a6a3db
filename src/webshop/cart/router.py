from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, status

from webshop.api.deps import SessionDep
from webshop.api.errors import error_responses
from webshop.auth.dependencies import CurrentUser
from webshop.auth.errors import InvalidToken
from webshop.cart import service
from webshop.cart.errors import UnknownProduct
from webshop.cart.schemas import CartUpdate, EventAccepted
from webshop.core.errors import RateLimited
from webshop.core.ratelimit import SlidingWindowLimiter
from webshop.users.models import User

router = APIRouter(prefix="/events", tags=["events"])


async def within_cart_limit(user: CurrentUser, request: Request) -> User:
    limiter: SlidingWindowLimiter = request.app.state.cart_limiter
    limiter.hit(user.id)
    return user


@router.post(
    "/cart",
    response_model=EventAccepted,
    status_code=status.HTTP_202_ACCEPTED,
    responses=error_responses(InvalidToken, UnknownProduct, RateLimited),
)
async def report_cart_update(
    update: CartUpdate,
    user: Annotated[User, Depends(within_cart_limit)],
    session: SessionDep,
) -> EventAccepted:
    """Report a change to your cart (for analytics). Limited per user and minute (429)."""
    return await service.report_cart_update(session, update, user=user)
