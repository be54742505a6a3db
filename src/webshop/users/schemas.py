from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from webshop.core.inputs import Input
from webshop.users.models import UserRole
from webshop.users.passwords import is_common_password, resembles_account

USERNAME_PATTERN = r"^[A-Za-z0-9_.-]+$"
PASSWORD_MIN_CHARS = 8
PASSWORD_MAX_BYTES = 72  # bcrypt ignores everything past this
PASSWORD_LIKE_ACCOUNT = "The password must not be your email address or username"


def _lowercase(email: str) -> str:
    return email.lower()


def _fits_bcrypt(password: str) -> str:
    if len(password.encode()) > PASSWORD_MAX_BYTES:
        raise ValueError(f"Password must be at most {PASSWORD_MAX_BYTES} bytes long")
    return password


def _not_common(password: str) -> str:
    if is_common_password(password):
        raise ValueError("This password is one of the most common ones; choose another")
    return password


Email = Annotated[EmailStr, AfterValidator(_lowercase)]
Username = Annotated[str, StringConstraints(min_length=3, max_length=50, pattern=USERNAME_PATTERN)]
Password = Annotated[
    str,
    StringConstraints(min_length=PASSWORD_MIN_CHARS),
    AfterValidator(_fits_bcrypt),
    AfterValidator(_not_common),
]


class UserCreate(Input):
    """What anyone may send to register. There is no role here: every new account is a customer."""

    model_config = ConfigDict(extra="forbid")

    email: Email
    username: Username
    password: Password

    @field_validator("password")
    @classmethod
    def _password_is_not_the_name(cls, password: str, info: ValidationInfo) -> str:
        # email and username come first, so they are validated (when valid) by now
        email, username = info.data.get("email", ""), info.data.get("username", "")
        if resembles_account(password, email=email, username=username):
            raise ValueError(PASSWORD_LIKE_ACCOUNT)
        return password


class UserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    email: str
    username: str
    role: UserRole
    is_active: bool
    created_at: datetime
    last_login_at: datetime | None


class ProfileUpdate(Input):
    """What users may change about themselves; never their role."""

    model_config = ConfigDict(extra="forbid")

    email: Email | None = None
    username: Username | None = None


class UserAdminUpdate(Input):
    model_config = ConfigDict(extra="forbid")

    role: UserRole | None = None
    is_active: bool | None = None


class PasswordChange(Input):
    model_config = ConfigDict(extra="forbid")

    current_password: str = Field(max_length=1024)
    new_password: Password


class UserStats(BaseModel):
    total: int
    active: int
    inactive: int
    customers: int
    admins: int
    new_last_7_days: int
    new_last_30_days: int
