from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import StreamingResponse
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from webshop.analytics import export, service
from webshop.analytics.errors import InvalidPeriod
from webshop.analytics.schemas import (
    Dashboard,
    OrdersPoint,
    Overview,
    PeriodQuery,
    ProductPerformance,
    ProductSort,
    RevenuePoint,
    UserAnalytics,
)
from webshop.api.deps import EventBufferDep, SessionDep, SettingsDep
from webshop.api.errors import error_responses
from webshop.api.params import Limit, Skip, with_total
from webshop.auth import service as auth_service
from webshop.auth.dependencies import AdminUser, CurrentCaller, require_role
from webshop.auth.errors import AdminRequired, InvalidToken
from webshop.core import metrics
from webshop.customers.schemas import SortOrder
from webshop.db.session import release
from webshop.users.models import UserRole

DEFINITIONS = (
    " Revenue counts paid, shipped and delivered orders (not pending, not cancelled), dated"
    " when the order was placed. Days are calendar days in the shop's time zone"
    " (`SHOP_TIMEZONE`, default UTC); every day of the range is present, zero-filled."
)
PERIOD = (
    " The range: the last `days` days, or `date_from` to `date_to` inclusive (at most two"
    " years); `compare=previous` adds the equally long period just before (`previous`) and the"
    " change in percent (`change`, null where the previous figure is zero)."
)
router = APIRouter(
    prefix="/analytics",
    tags=["analytics"],
    dependencies=[Depends(require_role(UserRole.ADMIN))],
    responses=error_responses(InvalidToken, AdminRequired),
)
Period = Annotated[PeriodQuery, Query()]
HEARTBEAT_SECONDS = 15.0


@router.get("/overview", response_model=Overview, description="Shop totals." + DEFINITIONS)
async def read_overview(session: SessionDep, settings: SettingsDep) -> Overview:
    return await service.overview(session, zone=settings.shop_zone)


@router.get(
    "/revenue",
    response_model=list[RevenuePoint],
    responses=error_responses(InvalidPeriod),
    description="Daily revenue; 30 days unless a range is given." + PERIOD + DEFINITIONS,
)
async def read_revenue(
    session: SessionDep, settings: SettingsDep, period: Period
) -> list[RevenuePoint]:
    revenue, _ = await service.order_series(session, period, zone=settings.shop_zone)
    return revenue


@router.get(
    "/orders",
    response_model=list[OrdersPoint],
    responses=error_responses(InvalidPeriod),
    description="Daily orders; 30 days unless a range is given." + PERIOD + DEFINITIONS,
)
async def read_orders(
    session: SessionDep, settings: SettingsDep, period: Period
) -> list[OrdersPoint]:
    _, orders = await service.order_series(session, period, zone=settings.shop_zone)
    return orders


@router.get(
    "/users",
    response_model=UserAnalytics,
    responses=error_responses(InvalidPeriod),
    description="Daily sign-ups, accounts and active users (users who logged in, browsed, "
    "viewed a product, changed their cart or ordered that day), and users by role; 7 days "
    "unless a range is given." + PERIOD + DEFINITIONS,
)
async def read_users(session: SessionDep, settings: SettingsDep, period: Period) -> UserAnalytics:
    return await service.user_analytics(session, period, zone=settings.shop_zone)


@router.get(
    "/products",
    response_model=list[ProductPerformance],
    responses=error_responses(InvalidPeriod),
    description="Per product: units sold, revenue and orders (paid, shipped, delivered), "
    "page views, conversion (orders ÷ views), rating. All time unless a range is given, "
    "then orders placed and views in it. Total in `X-Total-Count`." + PERIOD,
)
async def read_products(
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
    period: Period,
    sort: ProductSort = ProductSort.REVENUE,
    order: Annotated[
        SortOrder | None,
        Query(description="`asc` or `desc`; by default names A to Z, figures highest first"),
    ] = None,
    skip: Skip = 0,
    limit: Limit = 20,
) -> list[ProductPerformance]:
    page = await service.product_performance(
        session,
        period,
        sort=sort,
        order=order,
        skip=skip,
        limit=limit,
        zone=settings.shop_zone,
    )
    return with_total(response, page)


@router.get(
    "/dashboard",
    response_model=Dashboard,
    responses=error_responses(InvalidPeriod),
    description="Everything the dashboard's Overview and Orders tabs need: the period's "
    "figures, revenue and order trends, orders by status and top sellers (30 days unless a "
    "range is given), all-time totals and today's, recent orders. Records "
    "`admin_dashboard_access`." + PERIOD + DEFINITIONS,
)
async def read_dashboard(
    admin: AdminUser,
    session: SessionDep,
    settings: SettingsDep,
    period: Period,
    views: EventBufferDep,
) -> Dashboard:
    return await service.dashboard(
        session, period, admin=admin, zone=settings.shop_zone, views=views
    )


@router.get(
    "/export",
    response_class=Response,
    responses={
        200: {"content": {"text/csv": {}}, "description": "A CSV file with a header row"},
        **error_responses(InvalidPeriod),
    },
    description="Download a report as CSV, with the API's figures: `revenue`, `orders` and "
    "`users` one row per day (30 days, users 7, unless a range is given); `products` one row per "
    "product (all time unless a range is given); `customers` all-time. With "
    "`compare=previous` each row also has the previous period's figures and the change."
    + PERIOD
    + DEFINITIONS,
)
async def export_report(
    session: SessionDep, settings: SettingsDep, report: export.Report, period: Period
) -> Response:
    csv_file = await export.export_csv(session, report, period, zone=settings.shop_zone)
    return Response(
        csv_file.body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{csv_file.filename}"'},
    )


@router.get(
    "/stream",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}, "description": "Server-Sent Events"}},
    description="Server-Sent Events: an `update` whenever an order is placed or changes status "
    "or a product is viewed, and a comment heartbeat every 15 s. At each heartbeat the caller's "
    "session is checked again: once it has ended (logout, a new role, deactivation), the "
    "stream sends `event: end` and closes.",
)
async def stream_updates(
    request: Request, caller: CurrentCaller, session: SessionDep
) -> StreamingResponse:
    await release(session)  # the request's session lives as long as the stream: hold nothing
    feed = request.app.state.live_feed
    queue = feed.subscribe()
    sessionmaker: async_sessionmaker[AsyncSession] = request.app.state.sessionmaker

    async def still_live() -> bool:
        async with sessionmaker() as own:
            return await auth_service.is_still_live(own, caller)

    async def events() -> AsyncIterator[str]:
        metrics.LIVE_STREAM_CLIENTS.inc()
        try:
            yield ": connected\n\n"
            while not await request.is_disconnected():
                try:
                    update = await asyncio.wait_for(queue.get(), HEARTBEAT_SECONDS)
                except TimeoutError:
                    if not await still_live():
                        yield 'event: end\ndata: {"reason": "session_ended"}\n\n'
                        return
                    yield ": heartbeat\n\n"
                    continue
                yield f"event: update\ndata: {json.dumps(update)}\n\n"
        finally:
            feed.unsubscribe(queue)
            metrics.LIVE_STREAM_CLIENTS.dec()

    return StreamingResponse(
        events(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
