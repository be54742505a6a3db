"""Recording administrator actions, and reading them back."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from pydantic_core import to_jsonable_python
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from webshop.audit.models import AuditAction, AuditObject, AuditRecord
from webshop.audit.schemas import AuditFilters, AuditRecordRead
from webshop.core.clock import utcnow
from webshop.db.base import table_of
from webshop.db.filters import between
from webshop.db.paging import Page, page_of

Values = Mapping[str, Any]


class Actor(Protocol):
    @property
    def id(self) -> int: ...

    @property
    def email(self) -> str: ...


def changed(before: Values, after: Values) -> tuple[dict[str, Any], dict[str, Any]]:
    """The fields whose values differ, before and after."""
    names = [name for name in after if before.get(name) != after[name]]
    return {name: before.get(name) for name in names}, {name: after[name] for name in names}


async def record(
    session: AsyncSession,
    actor: Actor,
    action: AuditAction,
    object_type: AuditObject,
    object_id: object | None,
    *,
    before: Values | None = None,
    after: Values | None = None,
) -> None:
    """Record an action in the caller's transaction (flushed with it, committed with it)."""
    await record_many(session, actor, action, object_type, [(object_id, before, after)])


async def record_many(
    session: AsyncSession,
    actor: Actor,
    action: AuditAction,
    object_type: AuditObject,
    changes: Iterable[tuple[object | None, Values | None, Values | None]],
) -> None:
    """One record per `(object_id, before, after)`, with one INSERT (a bulk edit's products)."""
    now = utcnow()
    rows = [
        {
            "created_at": now,
            "actor_id": actor.id,
            "actor_email": actor.email,
            "action": action.value,
            "object_type": object_type.value,
            "object_id": None if object_id is None else str(object_id),
            "before": _json(before),
            "after": _json(after),
        }
        for object_id, before, after in changes
    ]
    if rows:
        await session.execute(insert(table_of(AuditRecord)), rows)


def _json(values: Values | None) -> dict[str, Any] | None:
    # Money and dates as JSON strings: an amount is never rounded through a float.
    return None if values is None else to_jsonable_python(dict(values))


async def list_records(
    session: AsyncSession, filters: AuditFilters, *, zone: ZoneInfo, skip: int, limit: int
) -> Page[AuditRecordRead]:
    """Records matching `filters`, newest first, and how many match in all."""
    conditions: list[Any] = []
    if filters.actor_id is not None:
        conditions.append(AuditRecord.actor_id == filters.actor_id)
    if filters.action is not None:
        conditions.append(AuditRecord.action == filters.action.value)
    if filters.object_type is not None:
        conditions.append(AuditRecord.object_type == filters.object_type.value)
    if filters.object_id is not None:
        conditions.append(AuditRecord.object_id == filters.object_id)
    conditions += between(AuditRecord.created_at, filters.created_from, filters.created_to, zone)
    page = await page_of(
        session,
        select(AuditRecord).where(*conditions),
        order_by=[AuditRecord.created_at.desc(), AuditRecord.id.desc()],
        skip=skip,
        limit=limit,
    )
    return Page([AuditRecordRead.model_validate(item) for item in page.items], page.total)
