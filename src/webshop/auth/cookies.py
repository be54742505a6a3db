"""The web UI keeps its refresh token in an httpOnly cookie that only `/auth` ever sees."""

from __future__ import annotations

from fastapi import Request, Response

from webshop.auth.dependencies import REFRESH_COOKIE
from webshop.auth.schemas import TokenPair
from webshop.core.config import Settings

COOKIE_PATH = "/auth"


def set_refresh_cookie(
    response: Response, request: Request, tokens: TokenPair, settings: Settings
) -> None:
    response.set_cookie(
        REFRESH_COOKIE,
        tokens.refresh_token,
        max_age=settings.REFRESH_TOKEN_EXPIRE_DAYS * 24 * 3600,
        path=COOKIE_PATH,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )


def clear_refresh_cookie(response: Response, request: Request) -> None:
    response.delete_cookie(
        REFRESH_COOKIE,
        path=COOKIE_PATH,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
