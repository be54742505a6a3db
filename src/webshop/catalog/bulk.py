"""Bulk edits: many products changed in one request, all or nothing (admin)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from webshop.catalog.schemas import ProductBulkUpdate, ProductRead
from webshop.users.models import User


async def bulk_update(
    session: AsyncSession, changes: ProductBulkUpdate, *, actor: User
) -> list[ProductRead]:
    raise NotImplementedError  # helper: implement
