"""Products in and out as CSV: import (dry run, then all or nothing) and export (admin).

The import reads the file in a worker thread (decoding, CSV, every cell checked by the API's
rules), matches the rows to products with a few queries, and either reports what it would do
or, when no row is refused, does it in one transaction. The export streams the products in
id order, a batch at a time, in the same columns, so that an export edited in a spreadsheet
imports back.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from webshop.audit import service as audit
from webshop.audit.models import AuditAction, AuditObject
from webshop.catalog import csv_rows, import_apply, import_plan, import_rows, search, service
from webshop.catalog.errors import ImportRejected, ImportTooLarge
from webshop.catalog.import_plan import PlannedRow
from webshop.catalog.import_rows import CheckedRow
from webshop.catalog.models import Product
from webshop.catalog.schemas import (
    ImportAction,
    ImportProblem,
    ImportReport,
    ImportRowReport,
    ProductFilters,
)
from webshop.core.money import quantize
from webshop.db.session import release
from webshop.users.models import User

MAX_IMPORT_BYTES = 20 * 1024 * 1024
MAX_IMPORT_ROWS = 50_000
CSV_COLUMNS = import_rows.COLUMNS
REQUIRED_COLUMNS = import_rows.FIELDS
EXPORT_BATCH = 1000


async def import_csv(
    session: AsyncSession, data: bytes, *, dry_run: bool, actor: User
) -> ImportReport:
    """Report per row what the file would change; unless `dry_run`, also change it: every row,
    or none when any is refused (`ImportRejected`, listing them all)."""
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportTooLarge(f"The file may be at most {MAX_IMPORT_BYTES // (1024 * 1024)} MB")
    checked = await asyncio.to_thread(_read, data)
    try:
        planned = await import_plan.plan(session, checked, lock=not dry_run)
        if dry_run:
            await session.rollback()
            return _report(planned, dry_run=True)
        if refused := [row for row in planned if row.action is ImportAction.REFUSE]:
            raise ImportRejected(
                _refusals(refused),
                f"{len(refused):,} of {len(planned):,} rows were refused; nothing was imported",
            )
        await import_apply.apply(session, planned, actor_id=actor.id)
        await audit.record_many(
            session,
            actor,
            AuditAction.PRODUCTS_IMPORTED,
            AuditObject.PRODUCT,
            (_audited(row) for row in planned if row.action is not ImportAction.UNCHANGED),
        )
        await session.commit()
    except Exception:
        await session.rollback()
        raise
    return _report(planned, dry_run=False)


def _audited(row: PlannedRow) -> tuple[int | None, dict[str, Any] | None, dict[str, Any]]:
    """A written row as the audit trail keeps it: all its values if new, else what changed."""
    values = row.values.model_dump() if row.values else {}
    if row.current is None:
        return row.product_id, None, values
    before = {name: getattr(row.current, name) for name in row.changes}
    return row.product_id, before, {name: values.get(name) for name in row.changes}


def _read(data: bytes) -> list[CheckedRow]:
    rows = csv_rows.read(
        csv_rows.decode(data),
        columns=CSV_COLUMNS,
        required=REQUIRED_COLUMNS,
        max_rows=MAX_IMPORT_ROWS,
    )
    return [import_rows.check(row) for row in rows]


def _refusals(rows: Sequence[PlannedRow]) -> list[dict[str, Any]]:
    return [
        {
            "row": row.line,
            "product_id": row.product_id,
            "field": problem.field,
            "message": problem.message,
        }
        for row in rows
        for problem in row.problems
    ]


def _report(rows: Sequence[PlannedRow], *, dry_run: bool) -> ImportReport:
    counts = dict.fromkeys(ImportAction, 0)
    for row in rows:
        counts[row.action] += 1
    return ImportReport(
        dry_run=dry_run,
        applied=not dry_run,
        created=counts[ImportAction.CREATE],
        updated=counts[ImportAction.UPDATE],
        unchanged=counts[ImportAction.UNCHANGED],
        refused=counts[ImportAction.REFUSE],
        rows=[
            ImportRowReport(
                line=row.line,
                sku=row.sku,
                product_id=row.product_id,
                action=row.action,
                changes=row.changes,
                problems=[ImportProblem(field=p.field, message=p.message) for p in row.problems],
            )
            for row in rows
        ],
    )


async def export_csv(session: AsyncSession, filters: ProductFilters) -> AsyncIterator[str]:
    """The products the filters select (the catalog list's filters, search included), in id
    order, as CSV text a batch at a time. It starts with a UTF-8 byte-order mark, without
    which Excel reads UTF-8 as Windows-1252; the import accepts it. No transaction is held
    while a batch is sent."""
    matching = service.filtered(select(Product.id), filters)
    query = filters.q or ""
    if search.terms_of(query):
        dialect = session.get_bind().dialect.name
        matching, _ = search.apply(matching, query, dialect, ranked=False)
    statement = matching.with_only_columns(*import_plan.CSV_FIELDS)
    yield csv_rows.BOM + csv_rows.write([CSV_COLUMNS])
    after = 0
    while True:
        batch = (
            await session.execute(
                statement.where(Product.id > after).order_by(Product.id).limit(EXPORT_BATCH)
            )
        ).all()
        await release(session)
        if not batch:
            return
        yield csv_rows.write(_cells(product) for product in batch)
        if len(batch) < EXPORT_BATCH:
            return
        after = batch[-1].id


def _cells(product: Any) -> list[str]:
    return [
        str(product.id),
        csv_rows.escape(product.sku or ""),
        csv_rows.escape(product.name),
        csv_rows.escape(product.description),
        str(quantize(product.price)),
        str(product.stock),
        csv_rows.escape(product.category or ""),
        "true" if product.is_active else "false",
    ]
