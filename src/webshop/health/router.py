from __future__ import annotations

import hmac
from ipaddress import ip_address
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status
from prometheus_client import CONTENT_TYPE_LATEST
from pydantic import SecretStr

from webshop.api.deps import SessionDep, SettingsDep
from webshop.api.errors import error_responses
from webshop.health import metrics, service
from webshop.health.errors import MetricsNotServedHere, MetricsTokenRequired
from webshop.health.schemas import Health

router = APIRouter(tags=["health"])


@router.get(
    "/health",
    response_model=Health,
    response_model_exclude_none=True,
    responses={503: {"model": Health, "description": "A dependency is unreachable"}},
)
async def health(
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
    deep: Annotated[bool, Query(description="Also check event delivery: broker and lag")] = False,
) -> Health:
    """Liveness and readiness: 200 when the database answers, 503 when it does not (within
    2 s). With `deep=1`, also 503 (`degraded`) when the broker is unreachable or events wait
    longer than `HEALTH_MAX_OUTBOX_LAG_SECONDS`."""
    result = await service.check(session, settings, deep=deep)
    if result.status != "ok":
        response.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    return result


@router.get(
    "/metrics",
    response_class=Response,
    responses={
        200: {"content": {CONTENT_TYPE_LATEST: {}}, "description": "Prometheus text format"},
        **error_responses(MetricsTokenRequired, MetricsNotServedHere),
    },
)
async def read_metrics(request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    """Prometheus metrics: requests by route and status with latencies, orders, revenue, the
    outbox, event delivery failures, database connections, live-stream clients, login failures
    and throttled requests. With `METRICS_TOKEN` set, only for `Authorization: Bearer <it>`;
    without, only to a client on this machine that did not come through a proxy."""
    _check_scraper(request, settings.METRICS_TOKEN)
    figures = await metrics.shop_figures(session)
    return Response(metrics.exposition(figures), media_type=CONTENT_TYPE_LATEST)


def _check_scraper(request: Request, token: SecretStr | None) -> None:
    if token is not None:
        presented = request.headers.get("authorization", "").removeprefix("Bearer ").encode()
        if not hmac.compare_digest(presented, token.get_secret_value().encode()):
            raise MetricsTokenRequired
        return
    peer = request.client.host if request.client else ""
    proxied = "x-forwarded-for" in request.headers or "forwarded" in request.headers
    if proxied or not _is_loopback(peer):
        raise MetricsNotServedHere


def _is_loopback(host: str) -> bool:
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False
