"""What clients may send, checked the same way whichever database runs underneath.

- Ids fit the id columns (a 32-bit INTEGER on PostgreSQL); a bigger one is refused up front
  instead of failing inside SQLite or PostgreSQL.
- Text never contains a NUL character, which PostgreSQL cannot store and SQLite would store.
- A moment (a date filter) is a date, a date-time in the shop's time zone, or one with an
  offset: exactly what an admin screen or a script sends.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin
from zoneinfo import ZoneInfo

from pydantic import (
    AfterValidator,
    BaseModel,
    Field,
    PlainValidator,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)

MAX_ID = 2**31 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
"""An id as the id columns hold it."""


def reject_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("Text must not contain a NUL character")
    return value


Text = Annotated[str, AfterValidator(reject_nul)]
"""A string parameter outside an `Input` model (a query or header value)."""


class Input(BaseModel):
    """The base of every model a client sends: no text field accepts a NUL character, and
    true/false is no number, nor a number true/false (which pydantic's lax mode would allow,
    while a string from a form or query still parses)."""

    @field_validator("*")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        return reject_nul(value) if isinstance(value, str) else value

    @field_validator("*", mode="before")
    @classmethod
    def _no_juggling(cls, value: Any, info: ValidationInfo) -> Any:
        if info.field_name is None:
            return value
        kinds = _kinds(cls.model_fields[info.field_name].annotation)
        if isinstance(value, bool):
            if bool not in kinds and kinds & NUMBERS:
                raise ValueError("Input should be a number, not true or false")
        elif isinstance(value, int | float) and bool in kinds and not kinds & NUMBERS:
            raise ValueError("Input should be true or false")
        return value


NUMBERS = {int, float, Decimal}


def _kinds(annotation: Any) -> set[Any]:
    """The plain types an annotation admits: `int | None` → {int, NoneType}."""
    if get_origin(annotation) is Annotated:
        return _kinds(get_args(annotation)[0])
    if get_origin(annotation) in (Union, UnionType):
        return set().union(*(_kinds(arg) for arg in get_args(annotation)))
    return {annotation}


MIN_YEAR, MAX_YEAR = 1900, 9999
_MOMENT_FORMAT = "a date (2026-11-30) or a date-time (2026-11-30T09:30, with or without an offset)"


def _parse_moment(value: Any) -> date | datetime:
    if isinstance(value, str):
        text = value.strip()
        try:
            value = date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(f"Input should be {_MOMENT_FORMAT}") from None
    if not isinstance(value, date):
        raise ValueError(f"Input should be {_MOMENT_FORMAT}")
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValueError(f"The year must be between {MIN_YEAR} and {MAX_YEAR}")
    return value


Moment = Annotated[
    date | datetime,
    PlainValidator(_parse_moment),
    WithJsonSchema(
        {"anyOf": [{"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}]}
    ),
]
"""A date or a date-time; see `start_of` and `end_of` for the instants it stands for."""


def start_of(moment: date | datetime, zone: ZoneInfo) -> datetime:
    """The UTC instant a moment begins: a date at midnight and a naive time both in `zone`."""
    if not isinstance(moment, datetime):
        moment = datetime.combine(moment, time())
    return _to_utc(moment if moment.tzinfo else moment.replace(tzinfo=zone))


def end_of(moment: date | datetime, zone: ZoneInfo) -> datetime:
    """The UTC instant a moment ends: a date includes its whole day, a date-time is itself."""
    if isinstance(moment, datetime):
        return start_of(moment, zone)
    if moment == date.max:
        return datetime.max.replace(tzinfo=UTC)
    return start_of(moment + timedelta(days=1), zone)


def _to_utc(moment: datetime) -> datetime:
    try:
        return moment.astimezone(UTC)
    except OverflowError:  # within hours of year 1 or 9999: as far as time goes
        return (datetime.max if moment.year == MAX_YEAR else datetime.min).replace(tzinfo=UTC)
