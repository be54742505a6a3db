from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from webshop.core.clock import utcnow
from webshop.db.base import Base, UTCDateTime


class LoginSession(Base):
    """One login: the device it came from and whether it has ended.

    Its access and refresh tokens carry its id and every request looks it up, so ending the
    session ends them all on their next use. A session ends on logout, on
    `DELETE /auth/sessions/{id}` and when a refresh token is reused; every session of a user
    ends when their session version moves on (password, role or activation change).
    """

    __tablename__ = "login_sessions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    user_agent: Mapped[str] = mapped_column(String(255), default="")
    ip_address: Mapped[str] = mapped_column(String(45), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    """When its newest refresh token expires: a session not refreshed by then is over."""
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    user_version: Mapped[int] = mapped_column(default=0)
    """The user's session version at login; once the user's moves on, this session is over."""


class RefreshToken(Base):
    """One issued refresh token, stored only as a hash.

    Tokens rotate: each refresh marks the presented token used and issues the next one in the
    same session. A used token presented again, after a short grace window for two tabs
    refreshing at once, means it was copied, so the session ends.
    """

    __tablename__ = "refresh_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[str] = mapped_column(
        ForeignKey("login_sessions.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
