"""What an import would do, row by row: which product each row is, and what changes.

Rows are matched to products by `id` when they have one (deleted products included), else by
SKU (ignoring case), else they are new. The products of the whole file are read with a few
`IN` queries, in id order; when the plan is to be applied they are locked as they are read
(`FOR UPDATE`, in id order as every stock change takes its locks, so no deadlock), and what
the plan says is still true when it is written.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from webshop.catalog.import_rows import FIELDS, CheckedRow, Problem
from webshop.catalog.models import Product
from webshop.catalog.schemas import ImportAction, ProductCreate

CHUNK = 1000  # ids or SKUs per IN list: far below either database's limit on parameters
T = TypeVar("T")


@dataclass(frozen=True)
class Current:
    """A product as the import found it."""

    id: int
    sku: str | None
    name: str
    description: str
    price: Decimal
    stock: int
    category: str | None
    is_active: bool

    @property
    def sku_key(self) -> str | None:
        return None if self.sku is None else self.sku.lower()


@dataclass
class PlannedRow:
    line: int
    sku: str | None
    product_id: int | None
    action: ImportAction
    values: ProductCreate | None = None
    current: Current | None = None
    changes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


async def plan(
    session: AsyncSession, rows: Sequence[CheckedRow], *, lock: bool
) -> list[PlannedRow]:
    """Every row's action, changes and problems, in file order."""
    ids = {row.product_id for row in rows if row.product_id is not None}
    by_sku = _present(row.sku_key for row in rows if row.product_id is None)
    for skus in chunks(by_sku):
        ids |= set(await session.scalars(select(Product.id).where(_sku_in(skus))))
    found: dict[int, Current] = {}
    for chunk in chunks(sorted(ids)):
        statement = select(*CSV_FIELDS).where(Product.id.in_(chunk))
        if lock:
            statement = statement.order_by(Product.id).with_for_update()
        found |= await _read(session, statement)
    # The products that have a SKU a row with an id wants: that row is refused unless the
    # product gives it up, in a row of its own (so it is among those locked above).
    owned = {product.sku_key for product in found.values()}
    wanted = _present(row.sku_key for row in rows if row.product_id is not None)
    for skus in chunks([sku for sku in wanted if sku not in owned]):
        found |= await _read(session, select(*CSV_FIELDS).where(_sku_in(skus)))
    return _Matcher(found).plan(rows)


def _present(keys: Iterable[str | None]) -> list[str]:
    return sorted({key for key in keys if key is not None})


def _sku_in(skus: list[str]) -> ColumnElement[bool]:
    return func.lower(Product.sku).in_(skus)


# What a product is in the CSV, read in one SELECT.
CSV_FIELDS = (
    Product.id,
    Product.sku,
    Product.name,
    Product.description,
    Product.price,
    Product.stock,
    Product.category,
    Product.is_active,
)


async def _read(session: AsyncSession, statement: Select[*tuple[Any, ...]]) -> dict[int, Current]:
    return {row.id: Current(*row) for row in await session.execute(statement)}


def chunks(items: list[T]) -> Iterable[list[T]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


class _Matcher:
    """Matches rows to products in file order, remembering what earlier rows took."""

    def __init__(self, found: dict[int, Current]) -> None:
        self.by_id = found
        self.by_sku = {p.sku_key: p for p in found.values() if p.sku_key is not None}
        self.line_of_product: dict[int, int] = {}
        self.line_of_sku: dict[str, int] = {}

    def plan(self, rows: Sequence[CheckedRow]) -> list[PlannedRow]:
        released = self._released_skus(rows)
        return [self._plan_row(row, released) for row in rows]

    def _released_skus(self, rows: Sequence[CheckedRow]) -> set[int]:
        """Products whose row (by id) gives their SKU up, so another row may take it."""
        released = set()
        for row in rows:
            current = self.by_id.get(row.product_id) if row.product_id is not None else None
            new_key = None if row.sku is None else row.sku.lower()
            if current is not None and current.sku_key is not None and new_key != current.sku_key:
                released.add(current.id)
        return released

    def _plan_row(self, row: CheckedRow, released: set[int]) -> PlannedRow:
        problems = list(row.problems)
        current = self._match(row, problems)
        self._check_repeats(row, current, problems)
        if row.product_id is not None and current is not None and row.sku_key is not None:
            owner = self.by_sku.get(row.sku_key)
            if owner is not None and owner.id != current.id and owner.id not in released:
                problems.append(Problem("sku", f"SKU {row.sku} belongs to product {owner.id}"))
        planned = PlannedRow(
            row.line,
            row.sku,
            current.id if current is not None else row.product_id,
            ImportAction.REFUSE,
            row.values,
            current,
            problems=problems,
        )
        if problems or row.values is None:
            return planned
        if current is None:
            planned.action = ImportAction.CREATE
            planned.changes = _given(row.values)
        else:
            planned.changes = _changed(current, row.values)
            planned.action = ImportAction.UPDATE if planned.changes else ImportAction.UNCHANGED
        return planned

    def _match(self, row: CheckedRow, problems: list[Problem]) -> Current | None:
        if row.product_id is not None:
            current = self.by_id.get(row.product_id)
            if current is None:
                problems.append(Problem("id", f"There is no product {row.product_id}"))
            return current
        return None if row.sku_key is None else self.by_sku.get(row.sku_key)

    def _check_repeats(
        self, row: CheckedRow, current: Current | None, problems: list[Problem]
    ) -> None:
        """A product or a SKU only once per file: later rows are refused."""
        repeat = None
        if current is not None and current.id in self.line_of_product:
            column = "id" if row.product_id is not None else "sku"
            first = self.line_of_product[current.id]
            repeat = Problem(column, f"Product {current.id} is also in line {first}")
        elif row.sku_key is not None and row.sku_key in self.line_of_sku:
            repeat = Problem(
                "sku", f"SKU {row.sku} is also in line {self.line_of_sku[row.sku_key]}"
            )
        if repeat is not None:
            problems.append(repeat)
        if current is not None:
            self.line_of_product.setdefault(current.id, row.line)
        if row.sku_key is not None:
            self.line_of_sku.setdefault(row.sku_key, row.line)


def _given(values: ProductCreate) -> list[str]:
    """A new product's columns that have a value."""
    return [name for name in FIELDS if getattr(values, name) not in (None, "")]


def _changed(current: Current, values: ProductCreate) -> list[str]:
    return [name for name in FIELDS if getattr(values, name) != getattr(current, name)]
