"""Credentials: registration, login, rotating refresh tokens, password changes, the admin seed."""

from __future__ import annotations

import asyncio
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from sqlalchemy import ColumnElement, bindparam, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from webshop.auth.devices import describe_device
from webshop.auth.errors import (
    AccountDisabled,
    InvalidCredentials,
    InvalidToken,
    LoginSessionNotFound,
    PasswordLikeAccount,
    SessionEnded,
    WrongCurrentPassword,
)
from webshop.auth.models import LoginSession, RefreshToken
from webshop.auth.schemas import SessionRead, TokenPair
from webshop.core import metrics, security
from webshop.core.clock import utcnow
from webshop.core.config import Settings
from webshop.core.ratelimit import Limiter, Rate
from webshop.db.session import release
from webshop.events.publish import publish
from webshop.events.schemas import EventType
from webshop.users import service as users_service
from webshop.users.errors import EmailTaken, UsernameTaken
from webshop.users.models import User, UserRole
from webshop.users.passwords import resembles_account
from webshop.users.schemas import UserCreate

USER_AGENT_MAX = 255


@dataclass(frozen=True)
class Client:
    """Where a request comes from, as a login session records it."""

    ip: str
    user_agent: str


@dataclass(frozen=True)
class Caller:
    """An authenticated request: the user and the login session its token belongs to."""

    user: User
    session_id: str


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
    session: AsyncSession,
    *,
    login: str,
    password: str,
    client: Client,
    settings: Settings,
    limiter: Limiter,
) -> TokenPair:
    """Check credentials and open a new login session, unless failures were too many.

    Failures count per account and address (ever longer waits for whoever keeps guessing),
    per account from anywhere (guessing spread over many addresses) and per address (one
    address trying many accounts). A stranger elsewhere cannot lock a real user out for
    long: their own account-and-address counter is separate, and the account-wide limit is
    generous and ends with its window. Unknown accounts are counted like real ones.
    """
    throttles = _login_throttles(login, client, settings)
    for name, subject, rates in throttles:
        await limiter.check(name, subject, rates)
    try:
        tokens = await _open_session(
            session, login=login, password=password, client=client, settings=settings
        )
    except InvalidCredentials:
        metrics.LOGIN_FAILURES.inc()
        for name, subject, rates in throttles:
            await limiter.hit(name, subject, rates)
        raise
    name, subject, rates = throttles[0]
    await limiter.forget(name, subject, rates)
    return tokens


def _login_throttles(
    login: str, client: Client, settings: Settings
) -> list[tuple[str, str, tuple[Rate, ...]]]:
    account = login.strip().lower()
    return [
        ("login-account-ip", f"{account} {client.ip}", settings.RATE_LIMIT_LOGIN_ACCOUNT_IP),
        ("login-account", account, settings.RATE_LIMIT_LOGIN_ACCOUNT),
        ("login-ip", client.ip, settings.RATE_LIMIT_LOGIN_IP),
    ]


async def _open_session(
    session: AsyncSession, *, login: str, password: str, client: Client, settings: Settings
) -> TokenPair:
    """An unknown user costs the same bcrypt work as a wrong password and gets the same
    answer, so neither the body nor the timing tells whether an account exists."""
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
    now = utcnow()
    user.last_login_at = now
    # Sessions nobody refreshed in time are over; drop them (their tokens go with them).
    await session.execute(
        delete(LoginSession).where(LoginSession.user_id == user.id, LoginSession.expires_at < now)
    )
    await _publish_user_event(session, EventType.USER_LOGIN, user)
    tokens = await _issue_tokens(session, user, _new_session(user, client), settings=settings)
    await session.commit()
    return tokens


async def refresh(
    session: AsyncSession, refresh_token: str, *, client: Client, settings: Settings
) -> TokenPair:
    """Trade a refresh token for a new pair. Each token works once.

    A token presented again within `REFRESH_REUSE_GRACE_SECONDS` of its first use is two tabs
    refreshing the same cookie at once: both get a pair. Later, it was copied by someone: the
    session ends, so both the thief and the victim must log in again.
    """
    claims = _decode(refresh_token, security.TokenType.REFRESH, secret=settings.secret_key)
    found = (
        await session.execute(
            select(RefreshToken, LoginSession, User)
            .join(LoginSession, RefreshToken.session_id == LoginSession.id)
            .join(User, LoginSession.user_id == User.id)
            .where(RefreshToken.token_hash == security.fingerprint(refresh_token))
        )
    ).one_or_none()
    if found is None or found.LoginSession.id != claims.session_id:
        raise InvalidToken
    token, login_session, user = found
    if not _is_live(login_session, user):
        raise SessionEnded
    now = utcnow()
    consumed = await session.execute(
        update(RefreshToken)
        .where(RefreshToken.id == token.id, RefreshToken.used_at.is_(None))
        .values(used_at=now)
    )
    if consumed.rowcount != 1:  # type: ignore[attr-defined]
        used_at = await session.scalar(
            select(RefreshToken.used_at).where(RefreshToken.id == token.id)
        )
        grace = timedelta(seconds=settings.REFRESH_REUSE_GRACE_SECONDS)
        if used_at is None or now - used_at > grace:
            login_session.ended_at = now
            await session.commit()
            raise SessionEnded
    login_session.last_used_at = now
    login_session.ip_address = client.ip
    tokens = await _issue_tokens(session, user, login_session, settings=settings)
    await session.commit()
    return tokens


async def logout(session: AsyncSession, token: str | None, *, secret: str) -> None:
    """End the session a refresh or access token belongs to. Invalid tokens end nothing."""
    claims = _claims_of_either(token, secret=secret) if token else None
    if claims is None:
        return
    await _end_sessions(
        session, LoginSession.id == claims.session_id, LoginSession.user_id == claims.user_id
    )
    await session.commit()


async def list_sessions(session: AsyncSession, caller: Caller) -> list[SessionRead]:
    """The caller's sessions that can still be used, the most recently used first."""
    rows = (
        await session.scalars(
            select(LoginSession)
            .where(*_live_sessions_of(caller.user))
            .order_by(LoginSession.last_used_at.desc(), LoginSession.created_at.desc())
        )
    ).all()
    return [
        SessionRead(
            id=row.id,
            device=describe_device(row.user_agent),
            user_agent=row.user_agent,
            ip_address=row.ip_address,
            created_at=row.created_at,
            last_used_at=row.last_used_at,
            current=row.id == caller.session_id,
        )
        for row in rows
    ]


async def end_session(session: AsyncSession, caller: Caller, session_id: str) -> None:
    """End one of the caller's own sessions (the current one too: that is logging out)."""
    ended = await _end_sessions(
        session, LoginSession.id == session_id, *_live_sessions_of(caller.user)
    )
    if not ended:
        raise LoginSessionNotFound
    await session.commit()


async def end_other_sessions(session: AsyncSession, caller: Caller) -> int:
    """Log out everywhere else; returns how many sessions ended."""
    ended = await _end_sessions(
        session, LoginSession.id != caller.session_id, *_live_sessions_of(caller.user)
    )
    await session.commit()
    return ended


async def change_password(
    session: AsyncSession,
    caller: Caller,
    *,
    current_password: str,
    new_password: str,
    client: Client,
    settings: Settings,
) -> TokenPair:
    """Set a new password and end every session, this one included (whoever may have copied
    its tokens); this device continues in a new session with the tokens returned."""
    user = caller.user
    await release(session)
    if not await verify_password(current_password, user.password_hash):
        raise WrongCurrentPassword
    if resembles_account(new_password, email=user.email, username=user.username):
        raise PasswordLikeAccount
    user.password_hash = await hash_password(new_password, rounds=settings.BCRYPT_ROUNDS)
    users_service.end_every_session(user)
    tokens = await _issue_tokens(session, user, _new_session(user, client), settings=settings)
    await session.commit()
    return tokens


async def authenticate(session: AsyncSession, access_token: str, *, secret: str) -> Caller:
    """The active user an access token belongs to, if its session is still going.

    One look-up by primary key (the session, joined to its user), in the transaction the route
    goes on with: a route that then does slow work without the database (a password hash, an
    image, a stream) calls `release` first, so that it holds no locks meanwhile.
    """
    claims = _decode(access_token, security.TokenType.ACCESS, secret=secret)
    return Caller(await _live_user(session, claims.session_id, claims.user_id), claims.session_id)


async def is_still_live(session: AsyncSession, caller: Caller) -> bool:
    """Whether the caller's session still stands (a long-lived stream asks now and then)."""
    try:
        await _live_user(session, caller.session_id, caller.user.id)
    except InvalidToken:
        return False
    finally:
        await release(session)
    return True


# Every authenticated request runs it: built once, sent with the token's ids.
_SESSION_WITH_USER = (
    select(User, LoginSession)
    .join(LoginSession, LoginSession.user_id == User.id)
    .where(LoginSession.id == bindparam("session_id"), User.id == bindparam("user_id"))
    .execution_options(populate_existing=True)
)


async def _live_user(session: AsyncSession, session_id: str, user_id: int) -> User:
    found = (
        await session.execute(_SESSION_WITH_USER, {"session_id": session_id, "user_id": user_id})
    ).one_or_none()
    if found is None or not _is_live(found.LoginSession, found.User):
        raise InvalidToken
    user: User = found.User
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
    existing = await _configured_admin(session, settings)
    if existing is not None:
        return AdminSeed(existing, created=False, generated_password=None)
    generated = None
    if settings.ADMIN_PASSWORD is None:
        generated = secrets.token_urlsafe(18)
        password = generated
    else:
        password = settings.ADMIN_PASSWORD.get_secret_value()
    try:
        user = await create_admin(
            session,
            email=settings.ADMIN_EMAIL,
            username=settings.ADMIN_USERNAME,
            password=password,
            rounds=settings.BCRYPT_ROUNDS,
        )
    except (EmailTaken, UsernameTaken):
        # Another replica starting at the same moment created it first.
        await session.rollback()
        existing = await _configured_admin(session, settings)
        if existing is None:
            raise
        return AdminSeed(existing, created=False, generated_password=None)
    return AdminSeed(user, created=True, generated_password=generated)


async def _configured_admin(session: AsyncSession, settings: Settings) -> User | None:
    """The account ADMIN_EMAIL or ADMIN_USERNAME names, if there is one."""
    existing = await users_service.find_by_login(session, settings.ADMIN_EMAIL)
    return existing or await users_service.find_by_login(session, settings.ADMIN_USERNAME)


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
    session: AsyncSession, user: User, login_session: LoginSession, *, settings: Settings
) -> TokenPair:
    """Sign an access and a refresh token of the session, storing the refresh token's hash.
    Flushes only."""
    access_lifetime = timedelta(minutes=settings.ACCESS_TOKEN_EXPIRE_MINUTES)
    access_token, _ = security.create_token(
        user_id=user.id,
        token_type=security.TokenType.ACCESS,
        secret=settings.secret_key,
        lifetime=access_lifetime,
        session_id=login_session.id,
    )
    refresh_token, claims = security.create_token(
        user_id=user.id,
        token_type=security.TokenType.REFRESH,
        secret=settings.secret_key,
        lifetime=timedelta(days=settings.REFRESH_TOKEN_EXPIRE_DAYS),
        session_id=login_session.id,
    )
    login_session.expires_at = claims.expires_at
    # Used tokens are kept until they expire, to recognise a copy presented later.
    await session.execute(
        delete(RefreshToken).where(
            RefreshToken.session_id == login_session.id, RefreshToken.expires_at < utcnow()
        )
    )
    session.add(login_session)
    session.add(
        RefreshToken(
            session_id=login_session.id,
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


def _new_session(user: User, client: Client) -> LoginSession:
    now = utcnow()
    return LoginSession(
        id=str(uuid.uuid4()),
        user_id=user.id,
        user_agent=client.user_agent[:USER_AGENT_MAX],
        ip_address=client.ip,
        user_version=user.session_version,
        created_at=now,
        last_used_at=now,
        expires_at=now,  # until its first refresh token is issued
    )


def _is_live(login_session: LoginSession, user: User) -> bool:
    return (
        login_session.ended_at is None
        and login_session.expires_at > utcnow()
        and login_session.user_version == user.session_version
        and user.is_active
    )


def _live_sessions_of(user: User) -> tuple[ColumnElement[bool], ...]:
    return (
        LoginSession.user_id == user.id,
        LoginSession.ended_at.is_(None),
        LoginSession.expires_at > utcnow(),
        LoginSession.user_version == user.session_version,
    )


async def _end_sessions(session: AsyncSession, *where: ColumnElement[bool]) -> int:
    ended = await session.execute(
        update(LoginSession)
        .where(*where, LoginSession.ended_at.is_(None))
        .values(ended_at=utcnow())
    )
    return int(ended.rowcount)  # type: ignore[attr-defined]


def _claims_of_either(token: str, *, secret: str) -> security.TokenClaims | None:
    for token_type in security.TokenType:
        try:
            return security.decode_token(token, secret=secret, expected_type=token_type)
        except security.InvalidToken:
            continue
    return None
