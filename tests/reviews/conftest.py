"""Products to review, made with the ORM (flush only, like the shared factories)."""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from webshop.catalog.models import Product

_sequence = itertools.count(1)

NewProduct = Callable[..., Awaitable[Product]]


async def make_product(session: AsyncSession, **fields: Any) -> Product:
    values: dict[str, Any] = {
        "name": f"Book {next(_sequence)}",
        "price": Decimal("9.99"),
        "stock": 5,
        "category": "books",
        **fields,
    }
    product = Product(**values)
    session.add(product)
    await session.flush()
    return product


@pytest.fixture
def new_product(session: AsyncSession) -> NewProduct:
    async def create(**fields: Any) -> Product:
        return await make_product(session, **fields)

    return create


@pytest.fixture
async def product(new_product: NewProduct) -> Product:
    return await new_product()
