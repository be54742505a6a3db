"""Credentials: registration, login, rotating refresh tokens, password changes, the admin seed."""

from __future__ import annotations

import asyncio
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession

from webshop.auth.errors import (
    AccountDisabled,
    InvalidCredentials,
    InvalidToken,
    RefreshTokenReused,
    WrongCurrentPassword,
)
from webshop.auth.models import RefreshToken
from webshop.auth.schemas import TokenPair
from webshop.core import security
from webshop.core.clock import utcnow
from webshop.core.config import Settings
from webshop.db.session import release
from webshop.events.publish import publish
from webshop.events.schemas import EventType
from webshop.users import service as users_service
from webshop.users.models import User, UserRole
from webshop.users.schemas import UserCreate


async def hash_password(password: str, *, rounds: int) -> str:
    """bcrypt runs in a worker thread, so a burst of logins never stalls other requests."""
    return await asyncio.to_thread(security.hash_password, password, rounds)


async def verify_password(password: str, password_hash: str) -> bool:
    return await asyncio.to_thread(security.verify_password, password, password_hash)


@lru_cache
def _dummy_hash(rounds: int) -> str:
    return security.hash_password(secrets.token_urlsafe(16), rounds)


async def register_user(session: AsyncSession, data: UserCreate, *, settings: Settings) -> User:
    user = await _create_account(session, data, UserRole.CUSTOMER, rounds=settings.BCRYPT_ROUNDS)
    await _publish_user_event(session, EventType.USER_REGISTERED, user)
    await session.commit()
    return user


async def login(
    session: AsyncSession, *, login: str, password: str, settings: Settings
) -> TokenPair:
    """Check credentials and open a new session (token family).

    An unknown user costs the same bcrypt work as a wrong password and gets the same answer,
    so neither the body nor the timing tells whether an account exists.
    """
    user = await users_service.find_by_login(session, login)
    await release(session)
    if user is None:
        dummy = await asyncio.to_thread(_dummy_hash, settings.BCRYPT_ROUNDS)
        await verify_password(password, dummy)
        raise InvalidCredentials
    if not await verify_password(password, user.password_hash):
        raise InvalidCredentials
    if not user.is_active:
        raise AccountDisabled
    user.last_login_at = utcnow()
    await _publish_user_event(session, EventType.USER_LOGIN, user)
    tokens = await _issue_tokens(session, user, family_id=None, settings=settings)
    await session.commit()
    return tokens


async def refresh(session: AsyncSession, refresh_token: str, *, settings: Settings) -> TokenPair:
    """Trade a refresh token for a new pair. Each token works once.

    A token presented a second time was copied by someone: the whole family is revoked, so
    both the thief and the victim must log in again.
    """
    claims = _decode(refresh_token, security.TokenType.REFRESH, secret=settings.secret_key)
    now = utcnow()
    consumed = await session.execute(
        update(RefreshToken)
        .where(
            RefreshToken.token_hash == security.fingerprint(refresh_token),
            RefreshToken.used_at.is_(None),
            RefreshToken.revoked_at.is_(None),
        )
        .values(used_at=now)
    )
    if consumed.rowcount != 1:  # type: ignore[attr-defined]
        assert claims.family_id is not None
        await _revoke_family(session, claims.family_id)
        await session.commit()
        raise RefreshTokenReused
    user = await session.get(User, claims.user_id)
    if user is None or not user.is_active:
        await session.rollback()
        raise InvalidToken
    tokens = await _issue_tokens(session, user, family_id=claims.family_id, settings=settings)
    await session.commit()
    return tokens


async def logout(session: AsyncSession, refresh_token: str | None, *, secret: str) -> None:
    """End the session the refresh token belongs to. Unknown or expired tokens end nothing."""
    if not refresh_token:
        return
    try:
        claims = _decode(refresh_token, security.TokenType.REFRESH, secret=secret)
    except InvalidToken:
        return
    assert claims.family_id is not None
    await _revoke_family(session, claims.family_id)
    await session.commit()


async def change_password(
    session: AsyncSession,
    user: User,
    *,
    current_password: str,
    new_password: str,
    settings: Settings,
) -> TokenPair:
    """Set a new password, end every other session, and keep this one going with new tokens."""
    if not await verify_password(current_password, user.password_hash):
        raise WrongCurrentPassword
    user.password_hash = await hash_password(new_password, rounds=settings.BCRYPT_ROUNDS)
    await session.execute(
        update(RefreshToken)
        .where(RefreshToken.user_id == user.id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    tokens = await _issue_tokens(session, user, family_id=None, settings=settings)
    await session.commit()
    return tokens


async def authenticate(session: AsyncSession, access_token: str, *, secret: str) -> User:
    """The active user an access token belongs to.

    The look-up's transaction is released at once, so a route's slow work (a password hash,
    say) runs without holding locks; the route's own writes begin a new transaction.
    """
    claims = _decode(access_token, security.TokenType.ACCESS, secret=secret)
    user = await session.get(User, claims.user_id)
    await release(session)
    if user is None or not user.is_active:
        raise InvalidToken
    return user


@dataclass(frozen=True)
class AdminSeed:
    user: User
    created: bool
    generated_password: str | None


async def ensure_admin(session: AsyncSession, *, settings: Settings) -> AdminSeed:
    """Create the administrator from `ADMIN_*` unless that account already exists.

    Without `ADMIN_PASSWORD` a strong random password is generated and returned once for the
    caller to show; there is no well-known default.
    """
    existing = await users_service.find_by_login(session, settings.ADMIN_EMAIL)
    existing = existing or await users_service.find_by_login(session, settings.ADMIN_USERNAME)
    if existing is not None:
        return AdminSeed(existing, created=False, generated_password=None)
    generated = None
    if settings.ADMIN_PASSWORD is None:
        generated = secrets.token_urlsafe(18)
        password = generated
    else:
        password = settings.ADMIN_PASSWORD.get_secret_value()
    user = await create_admin(
        session,
        email=settings.ADMIN_EMAIL,
        username=settings.ADMIN_USERNAME,
        password=password,
        rounds=settings.BCRYPT_ROUNDS,
    )
    return AdminSeed(user, created=True, generated_password=generated)


async def create_admin(
    session: AsyncSession, *, email: str, username: str, password: str, rounds: int
) -> User:
    """Create an administrator; the same rules as registration apply to every field."""
    user = await _create_account(
        session,
        UserCreate(email=email, username=username, password=password),
        UserRole.ADMIN,
        rounds=rounds,
    )
    await session.commit()
    return user


async def _create_account(
    session: AsyncSession, data: UserCreate, role: UserRole, *, rounds: int
) -> User:
    """Add the account, hashing the password outside any transaction. Flushes only."""
    await users_service.ensure_available(session, email=data.email, username=data.username)
    await release(session)
    password_hash = await hash_password(data.password, rounds=rounds)
    return await users_service.create_user(
        session, email=data.email, username=data.username, password_hash=password_hash, role=role
    )


async def _publish_user_event(session: AsyncSession, event_type: EventType, user: User) -> None:
    await publish(
        session,
        event_type,
        {"user_id": user.id, "username": user.username, "role": user.role},
        user_id=user.id,
        key=user.id,
    )


def _decode(token: str, token_type: security.TokenType, *, secret: str) -> security.TokenClaims:
    try:
        return security.decode_token(token, secret=secret, expected_type=token_type)
    except security.InvalidToken as exc:
        raise InvalidToken from exc


async def _issue_tokens(
    session: AsyncSession, user: User, *, family_id: str | None, settings: Settings
) -> TokenPair:
    """Sign an access and a refresh token, storing the refresh token's hash. Flushes only."""
    access_lifetime = timedelta(minutes=settings.ACCESS_TOKEN_EXPIRE_MINUTES)
    access_token, _ = security.create_token(
        user_id=user.id,
        token_type=security.TokenType.ACCESS,
        secret=settings.secret_key,
        lifetime=access_lifetime,
    )
    refresh_token, claims = security.create_token(
        user_id=user.id,
        token_type=security.TokenType.REFRESH,
        secret=settings.secret_key,
        lifetime=timedelta(days=settings.REFRESH_TOKEN_EXPIRE_DAYS),
        family_id=family_id or str(uuid.uuid4()),
    )
    assert claims.family_id is not None
    # Expired tokens of this user are dead weight; drop them while we are here.
    await session.execute(
        delete(RefreshToken).where(
            RefreshToken.user_id == user.id, RefreshToken.expires_at < utcnow()
        )
    )
    session.add(
        RefreshToken(
            user_id=user.id,
            family_id=claims.family_id,
            token_hash=security.fingerprint(refresh_token),
            expires_at=claims.expires_at,
        )
    )
    await session.flush()
    return TokenPair(
        access_token=access_token,
        refresh_token=refresh_token,
        expires_in=int(access_lifetime.total_seconds()),
    )


async def _revoke_family(session: AsyncSession, family_id: str) -> None:
    await session.execute(
        update(RefreshToken)
        .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
