"""Who is calling: the current user and the role guards, as FastAPI dependencies."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer

from webshop.api.client import ClientIP
from webshop.api.deps import LimiterDep, SessionDep, SettingsDep
from webshop.auth import service as auth_service
from webshop.auth.errors import AdminRequired, InvalidToken, RoleRequired
from webshop.auth.service import Caller, Client
from webshop.core.config import Settings
from webshop.core.ratelimit import Rate
from webshop.db.session import release
from webshop.users.models import User, UserRole

REFRESH_COOKIE = "refresh_token"

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/auth/login", auto_error=False)


async def get_caller(
    session: SessionDep,
    settings: SettingsDep,
    request: Request,
    token: Annotated[str | None, Depends(oauth2_scheme)],
) -> Caller:
    if not token:
        raise InvalidToken("Not authenticated")
    caller = await auth_service.authenticate(session, token, secret=settings.secret_key)
    request.state.user_id = caller.user.id  # for the access log
    return caller


CurrentCaller = Annotated[Caller, Depends(get_caller)]


async def get_current_user(caller: CurrentCaller) -> User:
    return caller.user


CurrentUser = Annotated[User, Depends(get_current_user)]


async def get_optional_user(
    session: SessionDep,
    settings: SettingsDep,
    request: Request,
    token: Annotated[str | None, Depends(oauth2_scheme)],
) -> User | None:
    """The caller when a valid token came along; public pages treat anyone else as a guest."""
    if not token:
        return None
    try:
        caller = await get_caller(session, settings, request, token)
    except InvalidToken:
        return None
    return caller.user


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


async def get_client(request: Request, ip: ClientIP) -> Client:
    """The caller's address (see TRUSTED_PROXIES) and user agent."""
    return Client(ip=ip, user_agent=request.headers.get("user-agent", ""))


ClientDep = Annotated[Client, Depends(get_client)]


def limit_per_user(name: str, rates: Callable[[Settings], tuple[Rate, ...]]) -> Any:
    """A route dependency counting each request against `rates` per logged-in user (429)."""

    async def within_limit(
        user: CurrentUser, session: SessionDep, settings: SettingsDep, limiter: LimiterDep
    ) -> None:
        # The database limiter counts on a connection of its own: the request's transaction
        # (the token's look-up) must not hold SQLite's write lock meanwhile.
        await release(session)
        await limiter.hit(name, user.id, rates(settings))

    return Depends(within_limit)
