from __future__ import annotations

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
