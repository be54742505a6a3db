"""What a check is, and the comparison most of them make.

A check is one SELECT of the rows that break its rule (none: the rule holds). It is one
statement so that it reads one snapshot: on a live shop, an order placed while the check runs
is seen with all of its rows or with none, and never shows up as a finding.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Date,
    Numeric,
    Select,
    cast,
    func,
    literal_column,
    null,
    or_,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.types import TypeEngine

# Amounts are compared to the cent: SQLite adds them up as floating point numbers, whose sums
# may be off by far less than this.
HALF_A_CENT: ColumnElement[Any] = literal_column("0.005")


@dataclass(frozen=True)
class Scope:
    """What a check's statement depends on besides the data."""

    dialect: str
    now: datetime
    stuck_after: timedelta

    @property
    def stuck_before(self) -> datetime:
        return self.now - self.stuck_after


@dataclass(frozen=True)
class Check:
    name: str
    description: str
    """The rule, a sentence for people."""
    problem: str
    """What a finding says, before the count of rows: "The stock is not ..."."""
    subject: tuple[str, str]
    """What a row of the finding is, one and many: ("product", "products")."""
    key: tuple[str, ...]
    """The columns naming a row, which the rows are ordered by."""
    statement: Callable[[Scope], Select[Any]]
    """The rows that break the rule: the key columns first, then the figures that disagree."""

    def finding(self, count: int) -> str:
        one, many = self.subject
        return f"{self.problem}: {count:,} {one if count == 1 else many}."


class Figure(Enum):
    COUNT = "count"
    """Added up, compared exactly."""
    MONEY = "money"
    """Added up, compared to the cent."""
    LATEST = "latest"
    """A day: the latest one counts."""


@dataclass(frozen=True)
class Measure:
    """One figure of a comparison, named as each side calls it."""

    expected: str
    actual: str
    figure: Figure = Figure.COUNT

    @classmethod
    def of(cls, name: str, figure: Figure = Figure.COUNT) -> Measure:
        """A figure both sides call `name`: `expected_<name>` and `actual_<name>`."""
        return cls(f"expected_{name}", f"actual_{name}", figure)


def compare(
    key: Sequence[str],
    measures: Sequence[Measure],
    expected: Sequence[Select[Any]],
    actual: Sequence[Select[Any]],
    *,
    key_types: Mapping[str, TypeEngine[Any]] | None = None,
) -> Select[Any]:
    """The keys whose figures differ between what the sources of truth say (`expected`) and
    what is kept (`actual`). Each statement selects the key columns, then one value per
    measure; the rows of each side are added up per key, so either side may give a key any
    number of rows, or none. A key only one side has is compared with zero (or no day): a
    summary row missing, or one too many, is a finding, unless it holds only zeros.

    One UNION ALL grouped once, rather than a FULL JOIN of two groupings: every database runs
    it, and it reads each side once."""
    branches = [_branch(statement, key, measures, expected_side=True) for statement in expected] + [
        _branch(statement, key, measures, expected_side=False) for statement in actual
    ]
    both = union_all(*branches).subquery("compared")
    types = key_types or {}
    keys = [
        type_coerce(both.c[name], types[name]).label(name) if name in types else both.c[name]
        for name in key
    ]
    differences = []
    figures: list[ColumnElement[Any]] = []
    for measure in measures:
        wanted = _total(measure.figure, both.c[measure.expected])
        kept = _total(measure.figure, both.c[measure.actual])
        differences.append(_differ(measure.figure, wanted, kept))
        figures += [wanted.label(measure.expected), kept.label(measure.actual)]
    return (
        select(*keys, *figures).group_by(*(both.c[name] for name in key)).having(or_(*differences))
    )


def _branch(
    statement: Select[Any], key: Sequence[str], measures: Sequence[Measure], *, expected_side: bool
) -> Select[Any]:
    """`statement`'s columns labelled for the union, with nothing for the other side's."""
    columns = list(statement.selected_columns)
    if len(columns) != len(key) + len(measures):
        raise ValueError(f"expected {len(key)} key columns and {len(measures)} measures")
    keys = [column.label(name) for column, name in zip(columns[: len(key)], key, strict=True)]
    figures = []
    for value, measure in zip(columns[len(key) :], measures, strict=True):
        nothing = _nothing(measure.figure)
        wanted, kept = (value, nothing) if expected_side else (nothing, value)
        figures += [wanted.label(measure.expected), kept.label(measure.actual)]
    return statement.with_only_columns(*keys, *figures)


def _nothing(figure: Figure) -> ColumnElement[Any]:
    return null() if figure is Figure.LATEST else literal_column("0")


def _total(figure: Figure, column: ColumnElement[Any]) -> ColumnElement[Any]:
    if figure is Figure.LATEST:
        return type_coerce(func.max(column), Date)
    total = func.coalesce(func.sum(column), 0)
    if figure is Figure.MONEY:
        # Read as an amount however the database added it up (SQLite: 0 when no row had one).
        return type_coerce(total, Numeric(14, 2))
    # A BIGINT, not PostgreSQL's NUMERIC sum of BIGINTs: counts stay whole numbers.
    return cast(total, BigInteger)


def _differ(
    figure: Figure, wanted: ColumnElement[Any], kept: ColumnElement[Any]
) -> ColumnElement[bool]:
    if figure is Figure.MONEY:
        return func.abs(wanted - kept) >= HALF_A_CENT
    if figure is Figure.LATEST:
        return wanted.is_distinct_from(kept)
    return wanted != kept
