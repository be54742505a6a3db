"""Test data with a sensible default for every field. Factories flush; they never commit."""

from __future__ import annotations

import itertools
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

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
