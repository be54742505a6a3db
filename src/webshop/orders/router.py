from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query, Response, status

from webshop.api.deps import SessionDep, SettingsDep
from webshop.api.errors import error_responses
from webshop.api.params import Limit, PathId, Skip, with_total
from webshop.auth.dependencies import AdminUser, CurrentUser
from webshop.auth.errors import AdminRequired, InvalidToken
from webshop.catalog.errors import InsufficientStock
from webshop.core.inputs import Text
from webshop.orders import service
from webshop.orders.errors import (
    IdempotencyKeyReused,
    InvalidTransition,
    LineLimitExceeded,
    OrderNotFound,
    ProductsUnavailable,
)
from webshop.orders.schemas import (
    AdminOrderRead,
    OrderCreate,
    OrderDetail,
    OrderFilters,
    OrderRead,
    OrderStatusUpdate,
    OrderSummary,
)
from webshop.users import service as users_service
from webshop.users.errors import UserNotFound

router = APIRouter(prefix="/orders", tags=["orders"], responses=error_responses(InvalidToken))

ADMIN_ERRORS = error_responses(AdminRequired)


@router.post(
    "/",
    response_model=OrderRead,
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(
        InsufficientStock, ProductsUnavailable, LineLimitExceeded, IdempotencyKeyReused
    ),
)
async def place_order(
    data: OrderCreate,
    user: CurrentUser,
    session: SessionDep,
    idempotency_key: Annotated[
        Text | None,
        Header(
            alias="Idempotency-Key",
            min_length=1,
            max_length=255,
            description="Retrying with the same key and body returns the same order.",
        ),
    ] = None,
) -> OrderRead:
    """Place an order. Prices come from the catalog; if any product is short, nothing changes
    and the 409 names the products short."""
    return await service.place_order(session, data, customer=user, idempotency_key=idempotency_key)


@router.get("/detailed", response_model=list[OrderRead])
async def list_my_orders(
    user: CurrentUser, session: SessionDep, response: Response, skip: Skip = 0, limit: Limit = 20
) -> list[OrderRead]:
    """Your orders with their lines, newest first. The total is in `X-Total-Count`."""
    return with_total(
        response, await service.customer_orders(session, user.id, skip=skip, limit=limit)
    )


@router.get("/summary", response_model=OrderSummary)
async def read_my_summary(user: CurrentUser, session: SessionDep) -> OrderSummary:
    """How many orders you placed, what you spent (paid, shipped and delivered orders), counts
    by status and your latest order."""
    return await service.order_summary(session, user.id)


@router.get("/admin/all", response_model=list[AdminOrderRead], responses=ADMIN_ERRORS)
async def list_all_orders(
    _: AdminUser,
    filters: Annotated[OrderFilters, Query()],
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
    skip: Skip = 0,
    limit: Limit = 20,
) -> list[AdminOrderRead]:
    """Every order with its customer, filtered by status, customer and date range, newest
    first (admin). Dates and date-times without an offset are in the shop's time zone."""
    return with_total(
        response,
        await service.list_orders(
            session, filters, zone=settings.shop_zone, skip=skip, limit=limit
        ),
    )


@router.get(
    "/admin/customer/{user_id}",
    response_model=list[OrderRead],
    responses={**ADMIN_ERRORS, **error_responses(UserNotFound)},
)
async def list_customer_orders(
    user_id: PathId,
    _: AdminUser,
    session: SessionDep,
    response: Response,
    skip: Skip = 0,
    limit: Limit = 20,
) -> list[OrderRead]:
    """One customer's orders, newest first (admin)."""
    await users_service.get_user(session, user_id)
    return with_total(
        response, await service.customer_orders(session, user_id, skip=skip, limit=limit)
    )


@router.get("/{order_id}", response_model=OrderDetail, responses=error_responses(OrderNotFound))
async def read_order(order_id: PathId, user: CurrentUser, session: SessionDep) -> OrderDetail:
    """One of your orders with its lines, status history, customer and the statuses it may
    move to next (admins: any order)."""
    return await service.get_order(session, order_id, viewer=user)


@router.put(
    "/{order_id}/status",
    response_model=OrderDetail,
    responses={**ADMIN_ERRORS, **error_responses(OrderNotFound, InvalidTransition)},
)
async def change_order_status(
    order_id: PathId, change: OrderStatusUpdate, admin: AdminUser, session: SessionDep
) -> OrderDetail:
    """Move an order on (admin): pending → paid → shipped → delivered, or pending/paid →
    cancelled, which puts the stock back. Anything else is a 409."""
    return await service.change_status(session, order_id, change.status, actor=admin)


@router.post(
    "/{order_id}/cancel",
    response_model=OrderDetail,
    responses=error_responses(OrderNotFound, InvalidTransition),
)
async def cancel_order(order_id: PathId, user: CurrentUser, session: SessionDep) -> OrderDetail:
    """Cancel your own order while it is pending; its stock goes back on sale."""
    return await service.cancel_own_order(session, order_id, customer=user)
