from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from webshop.api.deps import SessionDep
from webshop.api.errors import error_responses
from webshop.api.params import Limit, PathId, Skip, with_total
from webshop.auth.dependencies import require_role
from webshop.auth.errors import AdminRequired, InvalidToken
from webshop.core.inputs import Text
from webshop.customers import service
from webshop.customers.schemas import (
    CustomerDetail,
    CustomerRead,
    CustomerSort,
    CustomerSummary,
    RoleFilter,
    SortOrder,
)
from webshop.users.errors import UserNotFound
from webshop.users.models import UserRole

router = APIRouter(
    prefix="/customers",
    tags=["customers"],
    dependencies=[Depends(require_role(UserRole.ADMIN))],
    responses=error_responses(InvalidToken, AdminRequired),
)


@router.get("/", response_model=list[CustomerRead])
async def list_customers(
    session: SessionDep,
    response: Response,
    q: Annotated[
        Text | None, Query(max_length=100, description="Part of email or username")
    ] = None,
    role: Annotated[
        RoleFilter, Query(description="customer (default), admin, or all accounts")
    ] = RoleFilter.CUSTOMER,
    sort: CustomerSort = CustomerSort.JOINED,
    order: SortOrder = SortOrder.DESC,
    skip: Skip = 0,
    limit: Limit = 20,
) -> list[CustomerRead]:
    """Customers (or administrators, or everyone: `role`) with their order count and spend,
    sorted by join date, orders or spend (admin). The total is in `X-Total-Count`."""
    return with_total(
        response,
        await service.list_customers(
            session, search=q, role=role, sort=sort, order=order, skip=skip, limit=limit
        ),
    )


@router.get("/{user_id}", response_model=CustomerDetail, responses=error_responses(UserNotFound))
async def read_customer(user_id: PathId, session: SessionDep) -> CustomerDetail:
    """An account's profile, role, status and recent orders (admin); administrators too."""
    return await service.get_customer(session, user_id)


@router.get(
    "/{user_id}/summary", response_model=CustomerSummary, responses=error_responses(UserNotFound)
)
async def read_customer_summary(user_id: PathId, session: SessionDep) -> CustomerSummary:
    """Lifetime value, order counts, average order value, first and last order and favourite
    categories of an account (admin); administrators too."""
    return await service.customer_summary(session, user_id)
