from __future__ import annotations

from fastapi import APIRouter, Response, status

from webshop.api.deps import SessionDep, SettingsDep
from webshop.health import service
from webshop.health.schemas import Health

router = APIRouter(tags=["health"])


@router.get(
    "/health",
    response_model=Health,
    response_model_exclude_none=True,
    responses={503: {"model": Health, "description": "A dependency is unreachable"}},
)
async def health(session: SessionDep, settings: SettingsDep, response: Response) -> Health:
    """Liveness and readiness: 200 when the database answers, 503 when it does not."""
    result = await service.check(session, settings)
    if result.status != "ok":
        response.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    return result
