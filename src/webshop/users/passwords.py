"""Passwords nobody should pick: the most common ones, and the account's own name."""

from __future__ import annotations

from functools import cache
from importlib.resources import files


@cache
def _common_passwords() -> frozenset[str]:
    text = files("webshop.users").joinpath("common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def is_common_password(password: str) -> bool:
    return password.lower() in _common_passwords()


def resembles_account(password: str, *, email: str, username: str) -> bool:
    """Whether the password is the email, its local part or the username (in any case)."""
    candidate = password.strip().lower()
    local_part = email.partition("@")[0]
    return candidate in {email.lower(), local_part.lower(), username.lower()}
