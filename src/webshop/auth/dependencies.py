"""Who is calling: the current user and the role guards, as FastAPI dependencies."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer

from webshop.api.deps import SessionDep, SettingsDep
from webshop.auth import service as auth_service
from webshop.auth.errors import AdminRequired, InvalidToken, RoleRequired
from webshop.users.models import User, UserRole

REFRESH_COOKIE = "refresh_token"

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/auth/login", auto_error=False)


async def get_current_user(
    session: SessionDep,
    settings: SettingsDep,
    token: Annotated[str | None, Depends(oauth2_scheme)],
) -> User:
    if not token:
        raise InvalidToken("Not authenticated")
    return await auth_service.authenticate(session, token, secret=settings.secret_key)


CurrentUser = Annotated[User, Depends(get_current_user)]


async def get_optional_user(
    session: SessionDep,
    settings: SettingsDep,
    token: Annotated[str | None, Depends(oauth2_scheme)],
) -> User | None:
    """The caller when a valid token came along; public pages treat anyone else as a guest."""
    if not token:
        return None
    try:
        return await auth_service.authenticate(session, token, secret=settings.secret_key)
    except InvalidToken:
        return None


OptionalUser = Annotated[User | None, Depends(get_optional_user)]


def require_role(role: UserRole) -> Callable[[User], Awaitable[User]]:
    """A guard for routes meant for exactly one role, e.g. `Depends(require_role(CUSTOMER))`."""

    async def guard(user: CurrentUser) -> User:
        if user.role != role:
            raise AdminRequired if role is UserRole.ADMIN else RoleRequired
        return user

    return guard


AdminUser = Annotated[User, Depends(require_role(UserRole.ADMIN))]
CustomerUser = Annotated[User, Depends(require_role(UserRole.CUSTOMER))]


async def presented_refresh_token(request: Request) -> str | None:
    """The refresh token from `Authorization: Bearer ...`, else from the web UI's cookie."""
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and credentials:
        return credentials.strip()
    return request.cookies.get(REFRESH_COOKIE)


RefreshTokenDep = Annotated[str | None, Depends(presented_refresh_token)]
