"""OWASP API2:2023 Broken authentication: forged, tampered and stale tokens, and revocation.

Access tokens are HS256 JWTs naming a user (`sub`) and a login session (`sid`); the session is
looked up on every request. Every forgery below is a 401 with `WWW-Authenticate: Bearer` and the
same body, whatever was wrong with it: no algorithm but HS256 with our key is accepted (`none`,
other HMACs, RS256 and its key-confusion variants, `kid`/`jku`/`jwk` headers pointing elsewhere),
and a changed payload, a missing claim, an expired token, the wrong kind of token and a token
of a deleted user are all refused. Each revocation event ends the sessions it should at once:
logout, a password change, deactivation, a role change, ending a session by id.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx
import jwt
import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from tests.factories import access_token_for, auth_headers, create_user, factory_session_id
from tests.security.conftest import bearer, log_in
from webshop.auth.models import RefreshToken
from webshop.core import security
from webshop.core.clock import utcnow
from webshop.core.config import get_settings
from webshop.users.models import User, UserRole

INVALID_TOKEN = {"detail": "Could not validate credentials", "code": "not_authenticated"}
OTHER_KEY = "someone-elses-key-that-is-long-enough-for-hs256-and-hs512-0123456789abcdef"


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64_json(part: dict[str, Any]) -> str:
    return b64(json.dumps(part).encode())


def claims_for(user: User, **changes: Any) -> dict[str, Any]:
    """What our own access token for `user` claims; `changes` replace (None: remove) claims."""
    now = int(time.time())
    claims: dict[str, Any] = {
        "sub": str(user.id),
        "type": "access",
        "jti": "0" * 32,
        "iss": "webshop",
        "iat": now,
        "exp": now + 300,
        "sid": factory_session_id(user),
    }
    claims.update(changes)
    return {name: value for name, value in claims.items() if value is not None}


def signed(header: dict[str, Any], claims: dict[str, Any], key: bytes) -> str:
    """A JWT with exactly this header, signed with HMAC-SHA256 whatever the header says."""
    signing_input = f"{b64_json(header)}.{b64_json(claims)}"
    signature = hmac.new(key, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64(signature)}"


def our_key() -> bytes:
    return get_settings().secret_key.encode()


# Each a way to make a token for `user` without being the server.
FORGERIES: dict[str, Callable[[User], str]] = {
    "alg none": lambda u: f"{b64_json({'alg': 'none', 'typ': 'JWT'})}.{b64_json(claims_for(u))}.",
    "alg None": lambda u: f"{b64_json({'alg': 'None'})}.{b64_json(claims_for(u))}.",
    "alg NONE, our signature": lambda u: signed({"alg": "NONE"}, claims_for(u), our_key()),
    "alg none, signature kept": lambda u: (
        f"{b64_json({'alg': 'none'})}.{b64_json(claims_for(u))}."
        + access_token_for(u).rsplit(".", 1)[1]
    ),
    "HS256 with another key": lambda u: jwt.encode(claims_for(u), OTHER_KEY, "HS256"),
    "HS512 with our key": lambda u: jwt.encode(claims_for(u), get_settings().secret_key, "HS512"),
    "HS384 with our key": lambda u: jwt.encode(claims_for(u), get_settings().secret_key, "HS384"),
    # Key confusion: a verifier that took `alg` from the token would check an "RS256" token's
    # HMAC with whatever key it has (the secret); and an RS256 token needs a public key we
    # never configured.
    "RS256 header, HMAC with our key": lambda u: signed(
        {"alg": "RS256", "typ": "JWT"}, claims_for(u), our_key()
    ),
    "RS256 with a made-up signature": lambda u: (
        f"{b64_json({'alg': 'RS256'})}.{b64_json(claims_for(u))}.{b64(b'x' * 256)}"
    ),
    "ES256 header, HMAC with our key": lambda u: signed({"alg": "ES256"}, claims_for(u), our_key()),
    # Headers that make a naive verifier fetch or pick the attacker's key.
    "kid to /dev/null, empty key": lambda u: signed(
        {"alg": "HS256", "kid": "../../../../../../dev/null"}, claims_for(u), b""
    ),
    "kid as SQL, attacker's key": lambda u: signed(
        {"alg": "HS256", "kid": "x' UNION SELECT 'attacker"}, claims_for(u), b"attacker"
    ),
    "jku to the attacker's keys": lambda u: signed(
        {"alg": "HS256", "jku": "https://attacker.example/jwks.json", "kid": "1"},
        claims_for(u),
        OTHER_KEY.encode(),
    ),
    "jwk embedded, signed with it": lambda u: signed(
        {
            "alg": "HS256",
            "jwk": {"kty": "oct", "k": b64(OTHER_KEY.encode())},
        },
        claims_for(u),
        OTHER_KEY.encode(),
    ),
    "x5u to the attacker's certificate": lambda u: signed(
        {"alg": "RS256", "x5u": "https://attacker.example/cert.pem"}, claims_for(u), b"x"
    ),
    # Our key, but claims that must be refused.
    "expired": lambda u: access_token_for(u, lifetime=timedelta(seconds=-1)),
    "expired long ago": lambda u: jwt.encode(
        claims_for(u, iat=1_000_000_000, exp=1_000_000_300), get_settings().secret_key, "HS256"
    ),
    "no sid": lambda u: jwt.encode(claims_for(u, sid=None), get_settings().secret_key, "HS256"),
    "no sub": lambda u: jwt.encode(claims_for(u, sub=None), get_settings().secret_key, "HS256"),
    "no exp": lambda u: jwt.encode(claims_for(u, exp=None), get_settings().secret_key, "HS256"),
    "no type": lambda u: jwt.encode(claims_for(u, type=None), get_settings().secret_key, "HS256"),
    "another issuer": lambda u: jwt.encode(
        claims_for(u, iss="elsewhere"), get_settings().secret_key, "HS256"
    ),
    "sid of no session": lambda u: jwt.encode(
        claims_for(u, sid="00000000-0000-4000-8000-999999999999"),
        get_settings().secret_key,
        "HS256",
    ),
    "sid as a number": lambda u: jwt.encode(
        claims_for(u, sid=1), get_settings().secret_key, "HS256"
    ),
    "sub not a number": lambda u: jwt.encode(
        claims_for(u, sub="admin"), get_settings().secret_key, "HS256"
    ),
    "type refresh": lambda u: jwt.encode(
        claims_for(u, type="refresh"), get_settings().secret_key, "HS256"
    ),
    "type admin": lambda u: jwt.encode(
        claims_for(u, type="admin"), get_settings().secret_key, "HS256"
    ),
    "not a JWT": lambda u: "not.a.jwt",
    "empty segments": lambda u: "..",
    "garbage": lambda u: "\u00e9" * 20,
}


async def me(client: httpx.AsyncClient, token: str) -> httpx.Response:
    return await client.get("/users/me", headers=bearer(token))


def assert_refused(response: httpx.Response) -> None:
    assert response.status_code == 401, response.text
    assert response.json() == INVALID_TOKEN
    assert response.headers["www-authenticate"] == "Bearer"


async def test_our_own_token_is_accepted(client: httpx.AsyncClient, customer: User) -> None:
    """The forgeries below are refused for what they are, not because the user cannot log in."""
    response = await me(client, access_token_for(customer))
    assert (response.status_code, response.json()["id"]) == (200, customer.id)


@pytest.mark.parametrize("forgery", FORGERIES)
async def test_forged_tokens_are_refused(
    client: httpx.AsyncClient, admin: User, forgery: str
) -> None:
    # Sent as bytes: a token that is not ASCII still reaches the server.
    headers = {"Authorization": f"Bearer {FORGERIES[forgery](admin)}".encode()}
    assert_refused(await client.get("/users/me", headers=headers))
    # Nor does it get past an administrator's guard.
    assert_refused(await client.get("/customers/", headers=headers))


async def test_a_payload_changed_under_a_real_signature_is_refused(
    client: httpx.AsyncClient, customer: User, admin: User
) -> None:
    header, payload, signature = access_token_for(customer).split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    changes: list[dict[str, Any]] = [
        {"sub": str(admin.id)},  # become the administrator
        {"sub": str(admin.id), "sid": factory_session_id(admin)},
        {"role": "admin"},  # claim a role (roles are never read from tokens)
        {"exp": claims["exp"] + 3600},  # live longer
    ]
    for change in changes:
        tampered = f"{header}.{b64_json({**claims, **change})}.{signature}"
        assert_refused(await me(client, tampered))
        assert_refused(await client.get("/customers/", headers=bearer(tampered)))


async def test_a_real_token_naming_another_users_session_is_refused(
    client: httpx.AsyncClient, customer: User, admin: User
) -> None:
    """Signed by us but pairing a user with another user's session: no mix-and-match."""
    key = get_settings().secret_key
    mine_with_their_session = jwt.encode(
        claims_for(customer, sid=factory_session_id(admin)), key, "HS256"
    )
    theirs_with_my_session = jwt.encode(
        claims_for(admin, sid=factory_session_id(customer)), key, "HS256"
    )
    assert_refused(await me(client, mine_with_their_session))
    assert_refused(await me(client, theirs_with_my_session))


async def test_tokens_are_not_interchangeable(client: httpx.AsyncClient, customer: User) -> None:
    tokens = await log_in(client, "carla")

    as_access = await me(client, tokens["refresh_token"])
    as_refresh = await client.post("/auth/refresh", headers=bearer(tokens["access_token"]))

    assert_refused(as_access)
    assert_refused(as_refresh)
    assert (await me(client, tokens["access_token"])).status_code == 200


async def test_a_deleted_users_token_is_refused(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    user = await create_user(session)
    tokens = await log_in(client, user.username)
    await session.delete(user)
    await session.flush()

    assert_refused(await me(client, tokens["access_token"]))
    refresh = await client.post("/auth/refresh", headers=bearer(tokens["refresh_token"]))
    assert refresh.status_code == 401


async def test_logout_ends_both_tokens_at_once(client: httpx.AsyncClient, customer: User) -> None:
    tokens = await log_in(client, "carla")
    other_device = await log_in(client, "carla")

    logout = await client.post("/auth/logout", headers=bearer(tokens["refresh_token"]))

    assert logout.status_code == 204
    assert_refused(await me(client, tokens["access_token"]))
    refresh = await client.post("/auth/refresh", headers=bearer(tokens["refresh_token"]))
    assert (refresh.status_code, refresh.json()["code"]) == (401, "session_ended")
    assert (await me(client, other_device["access_token"])).status_code == 200


async def test_a_password_change_ends_every_session(
    client: httpx.AsyncClient, customer: User
) -> None:
    this_device = await log_in(client, "carla")
    thief = await log_in(client, "carla")

    changed = await client.post(
        "/users/me/password",
        json={"current_password": "correct horse battery", "new_password": "a new long secret 9"},
        headers=bearer(this_device["access_token"]),
    )

    assert changed.status_code == 200
    for stale in (this_device, thief):
        assert_refused(await me(client, stale["access_token"]))
        refresh = await client.post("/auth/refresh", headers=bearer(stale["refresh_token"]))
        assert refresh.status_code == 401
    assert (await me(client, changed.json()["access_token"])).status_code == 200
    old_password = await client.post(
        "/auth/login", data={"username": "carla", "password": "correct horse battery"}
    )
    assert old_password.status_code == 401


async def test_deactivation_ends_every_session_for_good(
    client: httpx.AsyncClient, customer: User, admin: User
) -> None:
    tokens = await log_in(client, "carla")

    off = await client.patch(
        f"/users/{customer.id}", json={"is_active": False}, headers=auth_headers(admin)
    )
    assert off.status_code == 200
    assert_refused(await me(client, tokens["access_token"]))
    refresh = await client.post("/auth/refresh", headers=bearer(tokens["refresh_token"]))
    assert refresh.status_code == 401
    again = await client.post(
        "/auth/login", data={"username": "carla", "password": "correct horse battery"}
    )
    assert (again.status_code, again.json()["code"]) == (403, "account_disabled")

    on = await client.patch(
        f"/users/{customer.id}", json={"is_active": True}, headers=auth_headers(admin)
    )
    assert on.status_code == 200
    assert_refused(await me(client, tokens["access_token"]))  # reactivation revives nothing


async def test_a_demoted_administrator_loses_admin_access_at_once(
    client: httpx.AsyncClient, session: AsyncSession, admin: User
) -> None:
    other_admin = await create_user(session, username="otto", role=UserRole.ADMIN)
    tokens = await log_in(client, "otto")
    assert (
        await client.get("/customers/", headers=bearer(tokens["access_token"]))
    ).status_code == 200

    demoted = await client.patch(
        f"/users/{other_admin.id}", json={"role": "customer"}, headers=auth_headers(admin)
    )

    assert demoted.status_code == 200
    assert_refused(await client.get("/customers/", headers=bearer(tokens["access_token"])))
    refresh = await client.post("/auth/refresh", headers=bearer(tokens["refresh_token"]))
    assert refresh.status_code == 401
    # Logged in again, as the customer they now are.
    fresh = await log_in(client, "otto")
    refused = await client.get("/customers/", headers=bearer(fresh["access_token"]))
    assert (refused.status_code, refused.json()["code"]) == (403, "admin_required")


async def test_a_promotion_also_starts_over(
    client: httpx.AsyncClient, customer: User, admin: User
) -> None:
    """A new role always means new sessions: no token outlives the role it was issued under."""
    tokens = await log_in(client, "carla")

    promoted = await client.patch(
        f"/users/{customer.id}", json={"role": "admin"}, headers=auth_headers(admin)
    )

    assert promoted.status_code == 200
    assert_refused(await me(client, tokens["access_token"]))
    fresh = await log_in(client, "carla")
    assert (
        await client.get("/customers/", headers=bearer(fresh["access_token"]))
    ).status_code == 200


async def test_ending_a_session_by_id_ends_its_tokens_at_once(
    client: httpx.AsyncClient, customer: User
) -> None:
    laptop = await log_in(client, "carla")
    stolen_phone = await log_in(client, "carla")
    sessions = (await client.get("/auth/sessions", headers=bearer(laptop["access_token"]))).json()
    phone_session = next(s["id"] for s in sessions if not s["current"])

    ended = await client.delete(
        f"/auth/sessions/{phone_session}", headers=bearer(laptop["access_token"])
    )

    assert ended.status_code == 204
    assert_refused(await me(client, stolen_phone["access_token"]))
    refresh = await client.post("/auth/refresh", headers=bearer(stolen_phone["refresh_token"]))
    assert (refresh.status_code, refresh.json()["code"]) == (401, "session_ended")
    assert (await me(client, laptop["access_token"])).status_code == 200
    again = await client.delete(
        f"/auth/sessions/{phone_session}", headers=bearer(laptop["access_token"])
    )
    assert again.status_code == 404  # ended is ended


async def test_a_used_refresh_token_replayed_later_ends_the_session(
    client: httpx.AsyncClient, session: AsyncSession, customer: User
) -> None:
    """A copied refresh token, used after its owner already used it, ends the session for both."""
    tokens = await log_in(client, "carla")
    renewed = await client.post("/auth/refresh", headers=bearer(tokens["refresh_token"]))
    assert renewed.status_code == 200
    grace = get_settings().REFRESH_REUSE_GRACE_SECONDS
    await session.execute(  # as if it had been used longer ago than two tabs' race
        update(RefreshToken)
        .where(RefreshToken.token_hash == security.fingerprint(tokens["refresh_token"]))
        .values(used_at=utcnow() - timedelta(seconds=grace + 1))
    )

    replay = await client.post("/auth/refresh", headers=bearer(tokens["refresh_token"]))

    assert (replay.status_code, replay.json()["code"]) == (401, "session_ended")
    assert_refused(await me(client, renewed.json()["access_token"]))
