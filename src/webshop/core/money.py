"""Money: `Decimal` with two places, end to end. JSON carries it as a string ("29.99"), so no
client or serializer ever rounds it through a float."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated

from pydantic import Field, PlainSerializer

CENT = Decimal("0.01")
MAX_PRICE = Decimal("1000000")


def quantize(amount: Decimal) -> Decimal:
    """Round once, half up, to cents."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def _to_json(amount: Decimal) -> str:
    return str(quantize(amount))


Money = Annotated[Decimal, PlainSerializer(_to_json, return_type=str, when_used="json")]
"""An amount as read from the database: always shown with two decimals."""

Price = Annotated[
    Decimal,
    Field(gt=0, lt=MAX_PRICE, max_digits=9, decimal_places=2, examples=["29.99"]),
    PlainSerializer(_to_json, return_type=str, when_used="json"),
]
"""A price a client submits: positive, under 1,000,000, at most two decimals."""
