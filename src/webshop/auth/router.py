from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Path, Request, Response, status

from webshop.api.client import limit_per_address
from webshop.api.deps import LimiterDep, SessionDep, SettingsDep
from webshop.api.errors import error_responses
from webshop.auth import service
from webshop.auth.cookies import clear_refresh_cookie, set_refresh_cookie
from webshop.auth.dependencies import ClientDep, CurrentCaller, RefreshTokenDep
from webshop.auth.errors import (
    AccountDisabled,
    InvalidCredentials,
    InvalidToken,
    LoginSessionNotFound,
    SessionEnded,
)
from webshop.auth.schemas import LoginForm, SessionRead, TokenPair
from webshop.core.errors import RateLimited
from webshop.users.errors import EmailTaken, UsernameTaken
from webshop.users.models import User
from webshop.users.schemas import UserCreate, UserRead

router = APIRouter(prefix="/auth", tags=["auth"])
SESSION_ID_PATTERN = r"^[0-9a-f-]{36}$"


@router.post(
    "/register",
    response_model=UserRead,
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(EmailTaken, UsernameTaken, RateLimited),
    dependencies=[limit_per_address("register-ip", lambda s: s.RATE_LIMIT_REGISTER_IP)],
)
async def register(data: UserCreate, session: SessionDep, settings: SettingsDep) -> User:
    """Create a customer account. Email and username must be unused (case-insensitively); the
    password must not be a common one or the email or username. Limited per address (429)."""
    return await service.register_user(session, data, settings=settings)


@router.post(
    "/login",
    response_model=TokenPair,
    responses=error_responses(InvalidCredentials, AccountDisabled, RateLimited),
)
async def login(
    form: Annotated[LoginForm, Form()],
    session: SessionDep,
    settings: SettingsDep,
    limiter: LimiterDep,
    client: ClientDep,
    request: Request,
    response: Response,
) -> TokenPair:
    """Log in with email or username, opening a session (see `/auth/sessions`). Also sets the
    refresh token as an httpOnly cookie. Repeated failures are answered with 429 and
    `Retry-After`, per account and address, per account and per address."""
    tokens = await service.login(
        session,
        login=form.username,
        password=form.password,
        client=client,
        settings=settings,
        limiter=limiter,
    )
    set_refresh_cookie(response, request, tokens, settings)
    return tokens


@router.post(
    "/refresh",
    response_model=TokenPair,
    responses=error_responses(InvalidToken, SessionEnded, RateLimited),
    dependencies=[limit_per_address("refresh-ip", lambda s: s.RATE_LIMIT_REFRESH_IP)],
)
async def refresh(
    token: RefreshTokenDep,
    session: SessionDep,
    settings: SettingsDep,
    client: ClientDep,
    request: Request,
    response: Response,
) -> TokenPair:
    """Exchange a refresh token (Bearer header or cookie) for a new pair; each works once."""
    if not token:
        raise InvalidToken("Refresh token missing")
    tokens = await service.refresh(session, token, client=client, settings=settings)
    set_refresh_cookie(response, request, tokens, settings)
    return tokens


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT, response_class=Response)
async def logout(
    token: RefreshTokenDep, session: SessionDep, settings: SettingsDep, request: Request
) -> Response:
    """End this session (the refresh token's, or the access token's when that is the Bearer):
    its tokens stop working at once, and the cookie is cleared."""
    await service.logout(session, token, secret=settings.secret_key)
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    clear_refresh_cookie(response, request)
    return response


@router.get("/sessions", response_model=list[SessionRead], responses=error_responses(InvalidToken))
async def list_sessions(caller: CurrentCaller, session: SessionDep) -> list[SessionRead]:
    """Your active sessions (devices logged in to your account), the most recently used first."""
    return await service.list_sessions(session, caller)


@router.delete(
    "/sessions",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=error_responses(InvalidToken),
)
async def end_other_sessions(caller: CurrentCaller, session: SessionDep) -> Response:
    """Log out everywhere else: every session but this one ends at once."""
    await service.end_other_sessions(session, caller)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.delete(
    "/sessions/{session_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=error_responses(InvalidToken, LoginSessionNotFound),
)
async def end_session(
    session_id: Annotated[str, Path(pattern=SESSION_ID_PATTERN)],
    caller: CurrentCaller,
    session: SessionDep,
) -> Response:
    """End one of your sessions: that device is logged out at once (this one too, if named)."""
    await service.end_session(session, caller, session_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
