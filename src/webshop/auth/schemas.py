from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, StringConstraints

from webshop.core.inputs import Input


class LoginForm(Input):
    """The OAuth2 password form (what `/docs`' Authorize sends; other OAuth2 fields are ignored)."""

    username: Annotated[str, StringConstraints(min_length=1, max_length=320)]
    """The username or the email address."""
    password: Annotated[str, StringConstraints(min_length=1, max_length=1024)]


class TokenPair(BaseModel):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int
    """Seconds until the access token expires."""


class SessionRead(BaseModel):
    """One of your login sessions: a device that can use the account until it logs out."""

    id: str
    device: str
    """Browser and system, read off the user agent (e.g. "Firefox on Windows")."""
    user_agent: str
    ip_address: str
    """The address it logged in from or last refreshed from."""
    created_at: datetime
    last_used_at: datetime
    """When it logged in or last renewed its access token (an open page renews it before each
    expires, see ACCESS_TOKEN_EXPIRE_MINUTES)."""
    current: bool
    """Whether this is the session making the request."""
