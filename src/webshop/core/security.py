"""Password hashing and JWTs. Pure functions: the auth service decides when to call them.

bcrypt is deliberately slow, so callers on the event loop run `hash_password` and
`verify_password` through `asyncio.to_thread`.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

import bcrypt
import jwt

from webshop.core.clock import utcnow

ALGORITHM = "HS256"
ISSUER = "webshop"
BCRYPT_MAX_BYTES = 72


class TokenType(StrEnum):
    ACCESS = "access"
    REFRESH = "refresh"


class InvalidToken(Exception):
    """The token is malformed, forged, expired or of the wrong type."""


@dataclass(frozen=True)
class TokenClaims:
    user_id: int
    type: TokenType
    jti: str
    expires_at: datetime
    session_id: str
    """The login session (one per login, shared by its access and refresh tokens)."""


def hash_password(password: str, rounds: int) -> str:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds)).decode()


def verify_password(password: str, password_hash: str) -> bool:
    encoded = password.encode()
    if len(encoded) > BCRYPT_MAX_BYTES:
        return False
    return bcrypt.checkpw(encoded, password_hash.encode())


def create_token(
    *,
    user_id: int,
    token_type: TokenType,
    secret: str,
    lifetime: timedelta,
    session_id: str,
) -> tuple[str, TokenClaims]:
    now = utcnow()
    claims = TokenClaims(
        user_id=user_id,
        type=token_type,
        jti=uuid.uuid4().hex,
        expires_at=now + lifetime,
        session_id=session_id,
    )
    payload: dict[str, Any] = {
        "sub": str(user_id),
        "type": token_type.value,
        "jti": claims.jti,
        "iss": ISSUER,
        "iat": now,
        "exp": claims.expires_at,
        "sid": session_id,
    }
    return jwt.encode(payload, secret, algorithm=ALGORITHM), claims


def decode_token(token: str, *, secret: str, expected_type: TokenType) -> TokenClaims:
    """Verify signature (HS256 only), expiry, issuer and type; anything else is `InvalidToken`."""
    try:
        payload = jwt.decode(
            token,
            secret,
            algorithms=[ALGORITHM],
            issuer=ISSUER,
            options={"require": ["sub", "type", "jti", "exp", "iat", "iss", "sid"]},
        )
        user_id = int(payload["sub"])
        token_type = TokenType(payload["type"])
        session_id = payload["sid"]
    except (jwt.PyJWTError, ValueError, TypeError) as exc:
        raise InvalidToken(str(exc)) from exc
    if token_type is not expected_type:
        raise InvalidToken(f"expected a {expected_type} token")
    if not isinstance(session_id, str):
        raise InvalidToken("malformed session id")
    return TokenClaims(
        user_id=user_id,
        type=token_type,
        jti=payload["jti"],
        expires_at=datetime.fromtimestamp(payload["exp"], tz=utcnow().tzinfo),
        session_id=session_id,
    )


def fingerprint(token: str) -> str:
    """What we store instead of a refresh token: its SHA-256, useless to whoever reads it."""
    return hashlib.sha256(token.encode()).hexdigest()
