from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response, status

from webshop.api.deps import SessionDep, SettingsDep
from webshop.api.errors import error_responses
from webshop.auth import service
from webshop.auth.cookies import clear_refresh_cookie, set_refresh_cookie
from webshop.auth.dependencies import RefreshTokenDep
from webshop.auth.errors import (
    AccountDisabled,
    InvalidCredentials,
    InvalidToken,
    RefreshTokenReused,
)
from webshop.auth.schemas import LoginForm, TokenPair
from webshop.users.errors import EmailTaken, UsernameTaken
from webshop.users.models import User
from webshop.users.schemas import UserCreate, UserRead

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post(
    "/register",
    response_model=UserRead,
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(EmailTaken, UsernameTaken),
)
async def register(data: UserCreate, session: SessionDep, settings: SettingsDep) -> User:
    """Create a customer account. Email and username must be unused (case-insensitively)."""
    return await service.register_user(session, data, settings=settings)


@router.post(
    "/login",
    response_model=TokenPair,
    responses=error_responses(InvalidCredentials, AccountDisabled),
)
async def login(
    form: Annotated[LoginForm, Form()],
    session: SessionDep,
    settings: SettingsDep,
    request: Request,
    response: Response,
) -> TokenPair:
    """Log in with email or username. Also sets the refresh token as an httpOnly cookie."""
    tokens = await service.login(
        session, login=form.username, password=form.password, settings=settings
    )
    set_refresh_cookie(response, request, tokens, settings)
    return tokens


@router.post(
    "/refresh",
    response_model=TokenPair,
    responses=error_responses(InvalidToken, RefreshTokenReused),
)
async def refresh(
    token: RefreshTokenDep,
    session: SessionDep,
    settings: SettingsDep,
    request: Request,
    response: Response,
) -> TokenPair:
    """Exchange a refresh token (Bearer header or cookie) for a new pair; each works once."""
    if not token:
        raise InvalidToken("Refresh token missing")
    tokens = await service.refresh(session, token, settings=settings)
    set_refresh_cookie(response, request, tokens, settings)
    return tokens


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT, response_class=Response)
async def logout(
    token: RefreshTokenDep, session: SessionDep, settings: SettingsDep, request: Request
) -> Response:
    """End this session: its refresh tokens are revoked and the cookie is cleared."""
    await service.logout(session, token, secret=settings.secret_key)
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    clear_refresh_cookie(response, request)
    return response
