from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from webshop.admin import service
from webshop.admin.errors import EventNotFound, ReplayTooLarge
from webshop.admin.schemas import (
    OutboxEventRead,
    OutboxFilters,
    RelayState,
    ReplayRequest,
    ReplayResult,
)
from webshop.api.deps import SessionDep, SettingsDep
from webshop.api.errors import error_responses
from webshop.api.params import Limit, Skip, with_total
from webshop.audit import service as audit
from webshop.audit.schemas import AuditFilters, AuditRecordRead
from webshop.auth.dependencies import AdminUser
from webshop.auth.errors import AdminRequired, InvalidToken

router = APIRouter(
    prefix="/admin", tags=["admin"], responses=error_responses(InvalidToken, AdminRequired)
)


@router.get("/audit", response_model=list[AuditRecordRead])
async def list_audit_records(
    _: AdminUser,
    filters: Annotated[AuditFilters, Query()],
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
    skip: Skip = 0,
    limit: Limit = 20,
) -> list[AuditRecordRead]:
    """Administrator actions with their values before and after, newest first, filtered by
    actor, action, object and date (admin). Records are never changed or deleted. Dates and
    date-times without an offset are in the shop's time zone."""
    return with_total(
        response,
        await audit.list_records(session, filters, zone=settings.shop_zone, skip=skip, limit=limit),
    )


@router.get("/outbox", response_model=list[OutboxEventRead])
async def list_outbox_events(
    _: AdminUser,
    filters: Annotated[OutboxFilters, Query()],
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
    skip: Skip = 0,
    limit: Limit = 20,
) -> list[OutboxEventRead]:
    """The event delivery log: events kept in the outbox with their delivery attempts and
    last error, newest first, filtered by type, key, delivery and date (admin)."""
    return with_total(
        response,
        await service.list_events(
            session, filters, zone=settings.shop_zone, skip=skip, limit=limit
        ),
    )


@router.get("/outbox/relay", response_model=RelayState)
async def read_relay_state(_: AdminUser, session: SessionDep, settings: SettingsDep) -> RelayState:
    """Who is relaying the outbox, how much waits and since when (admin)."""
    return await service.relay_state(session, settings)


@router.post(
    "/outbox/replay",
    response_model=ReplayResult,
    responses=error_responses(EventNotFound, ReplayTooLarge),
)
async def replay_events(
    request: ReplayRequest, admin: AdminUser, session: SessionDep, settings: SettingsDep
) -> ReplayResult:
    """Deliver one sent event, or the sent events of a time range, again (admin). Consumers
    de-duplicate by `event_id`, so figures they already counted do not change. Only events
    created within the outbox's retention, less an hour, are replayed."""
    return await service.replay(
        session, request, actor=admin, settings=settings, zone=settings.shop_zone
    )
