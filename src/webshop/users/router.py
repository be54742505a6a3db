from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from webshop.api.deps import SessionDep, SettingsDep
from webshop.api.errors import error_responses
from webshop.api.params import Limit, PathId, Skip, with_total
from webshop.auth import service as auth_service
from webshop.auth.cookies import set_refresh_cookie
from webshop.auth.dependencies import (
    AdminUser,
    ClientDep,
    CurrentCaller,
    CurrentUser,
    limit_per_user,
)
from webshop.auth.errors import (
    AdminRequired,
    InvalidToken,
    PasswordLikeAccount,
    WrongCurrentPassword,
)
from webshop.auth.schemas import TokenPair
from webshop.core.errors import RateLimited
from webshop.core.inputs import Text
from webshop.users import service
from webshop.users.errors import CannotChangeOwnAccess, EmailTaken, UsernameTaken, UserNotFound
from webshop.users.models import User, UserRole
from webshop.users.schemas import (
    PasswordChange,
    ProfileUpdate,
    UserAdminUpdate,
    UserRead,
    UserStats,
)

router = APIRouter(prefix="/users", tags=["users"], responses=error_responses(InvalidToken))
ADMIN_ERRORS = error_responses(AdminRequired)


@router.get("/me", response_model=UserRead)
async def read_me(user: CurrentUser) -> User:
    """The logged-in user's profile."""
    return user


@router.patch("/me", response_model=UserRead, responses=error_responses(EmailTaken, UsernameTaken))
async def update_me(changes: ProfileUpdate, user: CurrentUser, session: SessionDep) -> User:
    """Change your own email or username. Roles cannot be changed here."""
    return await service.update_profile(session, user, changes)


@router.post(
    "/me/password",
    response_model=TokenPair,
    responses=error_responses(WrongCurrentPassword, PasswordLikeAccount, RateLimited),
    dependencies=[limit_per_user("password-change", lambda s: s.RATE_LIMIT_PASSWORD_CHANGE)],
)
async def change_password(
    data: PasswordChange,
    caller: CurrentCaller,
    client: ClientDep,
    session: SessionDep,
    settings: SettingsDep,
    request: Request,
    response: Response,
) -> TokenPair:
    """Change your password. Every session ends; this device continues with the new tokens.
    The new password must not be a common one or your email or username. Limited per user."""
    tokens = await auth_service.change_password(
        session,
        caller,
        current_password=data.current_password,
        new_password=data.new_password,
        client=client,
        settings=settings,
    )
    set_refresh_cookie(response, request, tokens, settings)
    return tokens


@router.get("/stats", response_model=UserStats, responses=ADMIN_ERRORS)
async def read_user_stats(_: AdminUser, session: SessionDep) -> UserStats:
    """Account counts by status and role, and sign-ups in the last 7 and 30 days (admin)."""
    return await service.user_stats(session)


@router.get("/", response_model=list[UserRead], responses=ADMIN_ERRORS)
async def list_users(
    _: AdminUser,
    session: SessionDep,
    response: Response,
    skip: Skip = 0,
    limit: Limit = 20,
    q: Annotated[
        Text | None, Query(max_length=100, description="Part of email or username")
    ] = None,
    role: UserRole | None = None,
) -> list[User]:
    """All users, oldest first (admin). The number matching is in `X-Total-Count`."""
    return with_total(
        response, await service.list_users(session, skip=skip, limit=limit, search=q, role=role)
    )


@router.get(
    "/{user_id}",
    response_model=UserRead,
    responses={**ADMIN_ERRORS, **error_responses(UserNotFound)},
)
async def read_user(user_id: PathId, _: AdminUser, session: SessionDep) -> User:
    """One user's account (admin)."""
    return await service.get_user(session, user_id)


@router.patch(
    "/{user_id}",
    response_model=UserRead,
    responses={**ADMIN_ERRORS, **error_responses(UserNotFound, CannotChangeOwnAccess)},
)
async def update_user(
    user_id: PathId, changes: UserAdminUpdate, admin: AdminUser, session: SessionDep
) -> User:
    """Change a user's role or deactivate/reactivate them (admin). A new role or a deactivation
    ends every session of the user at once; reactivating does not bring one back."""
    return await service.update_user(session, user_id=user_id, changes=changes, actor=admin)
