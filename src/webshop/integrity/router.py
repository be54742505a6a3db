"""The integrity check: proof that stock, orders, summaries and the outbox agree."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from webshop.api.deps import SessionDep, SettingsDep
from webshop.api.errors import error_responses
from webshop.auth.dependencies import require_role
from webshop.auth.errors import AdminRequired, InvalidToken
from webshop.integrity import service
from webshop.integrity.schemas import IntegrityReport
from webshop.users.models import UserRole

router = APIRouter(
    prefix="/admin/checks",
    tags=["integrity"],
    dependencies=[Depends(require_role(UserRole.ADMIN))],
    responses=error_responses(InvalidToken, AdminRequired),
)


@router.post("", response_model=IntegrityReport)
async def run_checks(
    session: SessionDep,
    settings: SettingsDep,
    stuck_after_minutes: Annotated[
        int | None,
        Query(
            ge=1,
            le=service.MAX_STUCK_MINUTES,
            description="An event unsent for longer is stuck (default "
            "`INTEGRITY_OUTBOX_STUCK_MINUTES`)",
        ),
    ] = None,
) -> IntegrityReport:
    """Run every integrity check (admin), as `webshop check` does: stock against its
    movements, order lines against their sale and cancel movements, order totals against their
    lines, every summary table against what it summarises, idempotency keys, the outbox. Each
    check reports whether it passed and, if not, a sentence, how many rows break its rule and
    the first 100 of them. A finding is a 200 with `ok: false`."""
    minutes = stuck_after_minutes or settings.INTEGRITY_OUTBOX_STUCK_MINUTES
    return await service.run_checks(session, stuck_after=timedelta(minutes=minutes))
