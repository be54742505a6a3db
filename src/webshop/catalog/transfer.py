"""Products in and out as CSV: import (dry run, then all or nothing) and export (admin)."""

from __future__ import annotations

from collections.abc import AsyncIterator

from sqlalchemy.ext.asyncio import AsyncSession

from webshop.catalog.schemas import ImportReport, ProductFilters
from webshop.users.models import User

MAX_IMPORT_BYTES = 20 * 1024 * 1024
CSV_COLUMNS = ("sku", "name", "description", "price", "stock", "category", "is_active")


async def import_csv(
    session: AsyncSession, data: bytes, *, dry_run: bool, actor: User
) -> ImportReport:
    raise NotImplementedError  # helper: implement


async def export_csv(session: AsyncSession, filters: ProductFilters) -> AsyncIterator[str]:
    raise NotImplementedError  # helper: implement
    yield ""
