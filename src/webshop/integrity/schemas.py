from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

Cell = int | str | bool | None
"""A value of a row involved in a finding: amounts as strings with two decimals ("19.99"),
days and instants in ISO 8601."""


class CheckResult(BaseModel):
    name: str = Field(description="Stable, snake_case: `stock_matches_movements`, ...")
    description: str = Field(description="The rule checked, a sentence for people")
    ok: bool
    finding: str | None = Field(
        description="What is wrong and how many rows are involved (null when `ok`)"
    )
    total: int = Field(description="How many rows break the rule")
    columns: list[str] = Field(description="The columns of `rows`, the key columns first")
    rows: list[dict[str, Cell]] = Field(
        description="The first rows that break the rule (at most 100), ordered by their key"
    )
    seconds: float = Field(description="How long the check took")


class IntegrityReport(BaseModel):
    ok: bool = Field(description="Whether every check passed")
    failed: list[str] = Field(description="The names of the checks with a finding")
    checked_at: datetime
    stuck_after_minutes: int = Field(
        description="How long an event may wait in the outbox before it counts as stuck"
    )
    seconds: float = Field(description="How long all checks took")
    checks: list[CheckResult]
