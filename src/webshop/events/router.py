from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, status

from webshop.auth.dependencies import CurrentUser
from webshop.auth.errors import InvalidToken
from webshop.core.errors import InvalidInput, error_responses
from webshop.core.ratelimit import RateLimited, SlidingWindowLimiter
from webshop.db.session import SessionDep
from webshop.events import service
from webshop.events.schemas import CartUpdate, EventAccepted
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
    responses=error_responses(InvalidToken, InvalidInput, RateLimited),
)
async def report_cart_update(
    update: CartUpdate,
    user: Annotated[User, Depends(within_cart_limit)],
    session: SessionDep,
) -> EventAccepted:
    """Report a change to your cart (for analytics). Limited per user and minute (429)."""
    return await service.report_cart_update(session, update, user=user)
