"""One CSV row on its own: its cells checked by the API's own rules (`ProductCreate`), before
any product is looked at. Pure and CPU-bound: the import runs it in a worker thread."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from webshop.catalog import csv_rows
from webshop.catalog.csv_rows import CsvRow
from webshop.catalog.schemas import MAX_STOCK, SKU_PATTERN, ProductCreate
from webshop.core.inputs import MAX_ID

ID = "id"
FIELDS = ("sku", "name", "description", "price", "stock", "category", "is_active")
"""The columns a row must have, which are `ProductCreate`'s fields."""
COLUMNS = (ID, *FIELDS)
"""Every column, in the order the export writes them."""
TEXT_FIELDS = ("sku", "name", "description", "category")
REQUIRED_VALUES = ("name", "price", "stock", "is_active")
TRUE, FALSE = frozenset({"true", "1", "yes"}), frozenset({"false", "0", "no"})
SKU = re.compile(SKU_PATTERN)
MAX_SKU_LENGTH = 64
FORMULA = (
    "Looks like a spreadsheet formula (it starts with =, +, -, @, a tab or a line break); "
    "start the cell with an apostrophe (') to import it as text"
)
MESSAGES = {
    "sku": "Use at most 64 letters, digits and . _ / -, starting with a letter or a digit",
    "price": "Must be a price above 0 and below 1,000,000 with at most 2 decimals, like 12.50",
    "stock": f"Must be a whole number from 0 to {MAX_STOCK:,}",
    "is_active": "Must be true or false (or yes/no, 1/0)",
    ID: f"Must be a product's id, a whole number from 1 to {MAX_ID:,}, or empty for a new one",
}


@dataclass(frozen=True)
class Problem:
    field: str | None
    message: str


@dataclass(frozen=True)
class CheckedRow:
    line: int
    product_id: int | None
    """The `id` cell: the product this row must update."""
    sku: str | None
    """The SKU as the file gives it (stripped), valid or not; None when empty."""
    values: ProductCreate | None
    """What the product is to be; None when a cell is invalid."""
    problems: tuple[Problem, ...]

    @property
    def sku_key(self) -> str | None:
        """The SKU as matched (case ignored), when it is a valid one."""
        if self.sku is None or len(self.sku) > MAX_SKU_LENGTH or not SKU.match(self.sku):
            return None
        return self.sku.lower()


def check(row: CsvRow) -> CheckedRow:
    problems: list[Problem] = []
    data: dict[str, Any] = {}
    for field in FIELDS:
        cell = row.cells[field]
        if csv_rows.looks_like_formula(cell, numeric=field not in TEXT_FIELDS):
            problems.append(Problem(field, FORMULA))
            continue
        value = csv_rows.unescape(cell)
        if field != "description":
            value = value.strip()
        if field in REQUIRED_VALUES and not value:
            problems.append(Problem(field, "A value is required"))
        elif field == "is_active":
            data[field] = _boolean(value, problems)
        elif field in ("sku", "category") and not value:
            data[field] = None
        else:
            data[field] = value
    product_id = _product_id(row.cells.get(ID, ""), problems)
    values = None
    try:
        candidate = ProductCreate.model_validate(data)
    except ValidationError as exc:
        problems.extend(_problems(exc, reported={p.field for p in problems}))
    else:
        values = None if problems else candidate
    sku = data.get("sku")
    return CheckedRow(row.line, product_id, sku, values, tuple(problems))


def _boolean(value: str, problems: list[Problem]) -> bool | None:
    if value.lower() in TRUE:
        return True
    if value.lower() in FALSE:
        return False
    problems.append(Problem("is_active", MESSAGES["is_active"]))
    return None


def _product_id(cell: str, problems: list[Problem]) -> int | None:
    text = cell.strip()
    if not text:
        return None
    if text.isascii() and text.isdigit() and 1 <= int(text) <= MAX_ID:
        return int(text)
    problems.append(Problem(ID, MESSAGES[ID]))
    return None


def _problems(error: ValidationError, *, reported: set[str | None]) -> list[Problem]:
    """pydantic's errors as one problem per column, in our words where pydantic's name a
    regular expression or a type; columns already reported are left alone."""
    found: dict[str, Problem] = {}
    for detail in error.errors():
        field = str(detail["loc"][0]) if detail["loc"] else None
        if field is None or field in reported or field in found:
            continue
        found[field] = Problem(field, MESSAGES.get(field, detail["msg"]))
    return list(found.values())
