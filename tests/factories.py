"""Test data with a sensible default for every field. Factories flush; they never commit."""

from __future__ import annotations

import itertools
from datetime import timedelta
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from webshop.catalog.models import Product
from webshop.core import security
from webshop.core.config import get_settings
from webshop.users.models import User, UserRole

DEFAULT_PASSWORD = "correct horse battery"
_sequence = itertools.count(1)


async def create_user(
    session: AsyncSession,
    *,
    username: str | None = None,
    email: str | None = None,
    password: str = DEFAULT_PASSWORD,
    role: UserRole = UserRole.CUSTOMER,
    is_active: bool = True,
) -> User:
    number = next(_sequence)
    user = User(
        username=username or f"user{number}",
        email=(email or f"user{number}@example.com").lower(),
        password_hash=security.hash_password(password, get_settings().BCRYPT_ROUNDS),
        role=role,
        is_active=is_active,
    )
    session.add(user)
    await session.flush()
    return user


def access_token_for(user: User, lifetime: timedelta = timedelta(minutes=5)) -> str:
    token, _ = security.create_token(
        user_id=user.id,
        token_type=security.TokenType.ACCESS,
        secret=get_settings().secret_key,
        lifetime=lifetime,
    )
    return token


def auth_headers(user: User) -> dict[str, str]:
    return {"Authorization": f"Bearer {access_token_for(user)}"}


async def create_product(
    session: AsyncSession,
    *,
    name: str | None = None,
    description: str = "",
    price: Decimal | str = "9.99",
    stock: int = 10,
    category: str | None = "general",
    is_active: bool = True,
) -> Product:
    """A product as if it had always been there (no stock movement is recorded)."""
    product = Product(
        name=name or f"Product {next(_sequence)}",
        description=description,
        price=Decimal(price),
        stock=stock,
        category=category,
        is_active=is_active,
    )
    session.add(product)
    await session.flush()
    return product
