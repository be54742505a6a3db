from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import StreamingResponse

from webshop.analytics import export, service
from webshop.analytics.schemas import (
    Dashboard,
    OrdersPoint,
    Overview,
    ProductPerformance,
    ProductSort,
    RevenuePoint,
    UserAnalytics,
)
from webshop.api.deps import SessionDep, SettingsDep
from webshop.api.errors import error_responses
from webshop.api.params import Limit, Skip, with_total
from webshop.auth.dependencies import AdminUser, require_role
from webshop.auth.errors import AdminRequired, InvalidToken
from webshop.core.clock import utcnow
from webshop.users.models import UserRole

DEFINITIONS = (
    " Revenue counts paid, shipped and delivered orders (not pending, not cancelled), dated"
    " when the order was placed. Days are calendar days in the shop's time zone"
    " (`SHOP_TIMEZONE`, default UTC); every day of the range is present, zero-filled."
)
router = APIRouter(
    prefix="/analytics",
    tags=["analytics"],
    dependencies=[Depends(require_role(UserRole.ADMIN))],
    responses=error_responses(InvalidToken, AdminRequired),
)
Days = Annotated[int, Query(ge=1, le=365, description="How many days, ending today")]
HEARTBEAT_SECONDS = 15.0


@router.get("/overview", response_model=Overview, description="Shop totals." + DEFINITIONS)
async def read_overview(session: SessionDep, settings: SettingsDep) -> Overview:
    return await service.overview(session, zone=settings.shop_zone)


@router.get(
    "/revenue", response_model=list[RevenuePoint], description="Daily revenue." + DEFINITIONS
)
async def read_revenue(
    session: SessionDep, settings: SettingsDep, days: Days = 30
) -> list[RevenuePoint]:
    revenue, _ = await service.order_series(session, days, zone=settings.shop_zone)
    return revenue


@router.get("/orders", response_model=list[OrdersPoint], description="Daily orders." + DEFINITIONS)
async def read_orders(
    session: SessionDep, settings: SettingsDep, days: Days = 30
) -> list[OrdersPoint]:
    _, orders = await service.order_series(session, days, zone=settings.shop_zone)
    return orders


@router.get(
    "/users",
    response_model=UserAnalytics,
    description="Daily sign-ups and active users (users who logged in, browsed, viewed a "
    "product, changed their cart or ordered that day), and users by role." + DEFINITIONS,
)
async def read_users(session: SessionDep, settings: SettingsDep, days: Days = 7) -> UserAnalytics:
    return await service.user_analytics(session, days, zone=settings.shop_zone)


@router.get(
    "/products",
    response_model=list[ProductPerformance],
    description="Per product: units sold, revenue and orders (paid, shipped, delivered), "
    "page views, conversion (orders ÷ views), rating. Total in `X-Total-Count`.",
)
async def read_products(
    session: SessionDep,
    response: Response,
    sort: ProductSort = ProductSort.REVENUE,
    skip: Skip = 0,
    limit: Limit = 20,
) -> list[ProductPerformance]:
    return with_total(
        response, await service.product_performance(session, sort=sort, skip=skip, limit=limit)
    )


@router.get(
    "/dashboard",
    response_model=Dashboard,
    description="Everything the dashboard's Overview tab needs: totals, 30-day revenue and "
    "order trends, recent orders and top sellers. Records `admin_dashboard_access`." + DEFINITIONS,
)
async def read_dashboard(admin: AdminUser, session: SessionDep, settings: SettingsDep) -> Dashboard:
    return await service.dashboard(session, admin=admin, zone=settings.shop_zone)


@router.get(
    "/export",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "A CSV file with a header row"}},
    description="Download a report as CSV: `revenue` and `orders` cover the last `days` days;"
    " `products` and `customers` are all-time figures." + DEFINITIONS,
)
async def export_report(
    session: SessionDep, settings: SettingsDep, report: export.Report, days: Days = 30
) -> Response:
    zone = settings.shop_zone
    body = await export.export_csv(session, report, days, zone=zone)
    today = utcnow().astimezone(zone).date()
    filename = f"webshop-{report}-{today.isoformat()}.csv"
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get(
    "/stream",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}, "description": "Server-Sent Events"}},
    description="Server-Sent Events: an `update` whenever an order is placed or changes status "
    "or a product is viewed, and a comment heartbeat every 15 s.",
)
async def stream_updates(request: Request) -> StreamingResponse:
    feed = request.app.state.live_feed
    queue = feed.subscribe()

    async def events() -> AsyncIterator[str]:
        try:
            yield ": connected\n\n"
            while not await request.is_disconnected():
                try:
                    update = await asyncio.wait_for(queue.get(), HEARTBEAT_SECONDS)
                except TimeoutError:
                    yield ": heartbeat\n\n"
                    continue
                yield f"event: update\ndata: {json.dumps(update)}\n\n"
        finally:
            feed.unsubscribe(queue)

    return StreamingResponse(
        events(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
