"""Accounts as data: look-ups, profile changes and what administrators do to users.

Credentials (passwords, tokens) belong to `webshop.auth.service`.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import ColumnElement, case, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from webshop.audit import service as audit
from webshop.audit.models import AuditAction, AuditObject
from webshop.core.clock import utcnow
from webshop.db.paging import Page, page_of
from webshop.users.errors import CannotChangeOwnAccess, EmailTaken, UsernameTaken, UserNotFound
from webshop.users.models import User, UserRole
from webshop.users.schemas import ProfileUpdate, UserAdminUpdate, UserStats


async def get_user(session: AsyncSession, user_id: int) -> User:
    user = await session.get(User, user_id)
    if user is None:
        raise UserNotFound
    return user


async def find_by_login(session: AsyncSession, login: str) -> User | None:
    """The user whose email or username (either, case-insensitively) is `login`."""
    login = login.strip().lower()
    column = User.email if "@" in login else func.lower(User.username)
    return (await session.execute(select(User).where(column == login))).scalar_one_or_none()


async def ensure_available(
    session: AsyncSession,
    *,
    email: str | None,
    username: str | None,
    exclude_id: int | None = None,
) -> None:
    """Raise `EmailTaken`/`UsernameTaken` when another account already uses either."""
    checks = (
        (User.email, email, EmailTaken),
        (func.lower(User.username), username, UsernameTaken),
    )
    for column, value, error in checks:
        if value is None:
            continue
        query = select(User.id).where(column == value.lower())
        if exclude_id is not None:
            query = query.where(User.id != exclude_id)
        if (await session.execute(query)).first():
            raise error


async def _flush_unique(session: AsyncSession) -> None:
    """Flush, turning a lost race on the unique email/username indexes into a 409."""
    try:
        await session.flush()
    except IntegrityError as exc:
        await session.rollback()
        raise EmailTaken if "email" in str(exc.orig).lower() else UsernameTaken from exc


async def create_user(
    session: AsyncSession,
    *,
    email: str,
    username: str,
    password_hash: str,
    role: UserRole = UserRole.CUSTOMER,
) -> User:
    """Add a user. Flushes only: the caller commits."""
    await ensure_available(session, email=email, username=username)
    user = User(email=email.lower(), username=username, password_hash=password_hash, role=role)
    session.add(user)
    await _flush_unique(session)
    return user


async def update_profile(session: AsyncSession, user: User, changes: ProfileUpdate) -> User:
    await ensure_available(
        session, email=changes.email, username=changes.username, exclude_id=user.id
    )
    if changes.email is not None:
        user.email = changes.email
    if changes.username is not None:
        user.username = changes.username
    await _flush_unique(session)
    await session.commit()
    return user


async def update_user(
    session: AsyncSession, *, user_id: int, changes: UserAdminUpdate, actor: User
) -> User:
    """An administrator changes a user's role or active flag.

    A new role or a deactivation ends all of the user's sessions: their next request (or open
    live stream) finds them logged out. Nobody may demote or deactivate themselves, which also
    means the shop can never lose its last active administrator through this call.
    """
    user = await get_user(session, user_id)
    before = {"role": user.role, "is_active": user.is_active}
    if user.id == actor.id and (
        (changes.role is not None and changes.role != user.role) or changes.is_active is False
    ):
        raise CannotChangeOwnAccess
    if (changes.role is not None and changes.role != user.role) or (
        changes.is_active is False and user.is_active
    ):
        end_every_session(user)
    if changes.role is not None:
        user.role = changes.role
    if changes.is_active is not None:
        user.is_active = changes.is_active
    old, new = audit.changed(before, {"role": user.role, "is_active": user.is_active})
    if new:
        await audit.record(
            session,
            actor,
            AuditAction.USER_UPDATED,
            AuditObject.USER,
            user.id,
            before=old,
            after=new,
        )
    await session.commit()
    return user


def end_every_session(user: User) -> None:
    """Every login session of the user ends at once, and for good: a reactivated account or a
    restored role does not bring an old token back."""
    user.session_version += 1


async def list_users(
    session: AsyncSession,
    *,
    skip: int,
    limit: int,
    search: str | None = None,
    role: UserRole | None = None,
) -> Page[User]:
    query = select(User)
    if search:
        term = search.lower()
        query = query.where(
            or_(
                User.email.contains(term, autoescape=True),
                func.lower(User.username).contains(term, autoescape=True),
            )
        )
    if role is not None:
        query = query.where(User.role == role)
    return await page_of(session, query, order_by=[User.id], skip=skip, limit=limit)


async def user_stats(session: AsyncSession) -> UserStats:
    now = utcnow()

    def count_where(condition: ColumnElement[bool]) -> ColumnElement[int]:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    row = (
        await session.execute(
            select(
                func.count(User.id).label("total"),
                count_where(User.is_active.is_(True)).label("active"),
                count_where(User.role == UserRole.CUSTOMER).label("customers"),
                count_where(User.created_at >= now - timedelta(days=7)).label("week"),
                count_where(User.created_at >= now - timedelta(days=30)).label("month"),
            )
        )
    ).one()
    return UserStats(
        total=row.total,
        active=row.active,
        inactive=row.total - row.active,
        customers=row.customers,
        admins=row.total - row.customers,
        new_last_7_days=row.week,
        new_last_30_days=row.month,
    )
