from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Response

from webshop.auth.dependencies import require_role
from webshop.auth.errors import AdminRequired, InvalidToken
from webshop.core.errors import error_responses
from webshop.core.pagination import Limit, Skip, with_total
from webshop.customers import service
from webshop.customers.schemas import (
    CustomerDetail,
    CustomerRead,
    CustomerSort,
    CustomerSummary,
    SortOrder,
)
from webshop.db.session import SessionDep
from webshop.users.errors import UserNotFound
from webshop.users.models import UserRole

router = APIRouter(
    prefix="/customers",
    tags=["customers"],
    dependencies=[Depends(require_role(UserRole.ADMIN))],
    responses=error_responses(InvalidToken, AdminRequired),
)
UserId = Annotated[int, Path(ge=1)]


@router.get("/", response_model=list[CustomerRead])
async def list_customers(
    session: SessionDep,
    response: Response,
    q: Annotated[str | None, Query(max_length=100, description="Part of email or username")] = None,
    sort: CustomerSort = CustomerSort.JOINED,
    order: SortOrder = SortOrder.DESC,
    skip: Skip = 0,
    limit: Limit = 20,
) -> list[CustomerRead]:
    """Customers with their order count and spend, sorted by join date, orders or spend
    (admin). The total is in `X-Total-Count`."""
    return with_total(
        response,
        await service.list_customers(
            session, search=q, sort=sort, order=order, skip=skip, limit=limit
        ),
    )


@router.get("/{user_id}", response_model=CustomerDetail, responses=error_responses(UserNotFound))
async def read_customer(user_id: UserId, session: SessionDep) -> CustomerDetail:
    """A customer's profile, status and recent orders (admin)."""
    return await service.get_customer(session, user_id)


@router.get(
    "/{user_id}/summary", response_model=CustomerSummary, responses=error_responses(UserNotFound)
)
async def read_customer_summary(user_id: UserId, session: SessionDep) -> CustomerSummary:
    """Lifetime value, order counts, average order value, first and last order and favourite
    categories of a customer (admin)."""
    return await service.customer_summary(session, user_id)
