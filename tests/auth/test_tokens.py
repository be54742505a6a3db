"""JWT handling: only HS256 with our key, unexpired, of the right type, for an active user."""

import base64
import json
import time
from datetime import timedelta

import jwt
import pytest

from tests.factories import access_token_for, auth_headers
from webshop.core import security
from webshop.core.config import get_settings


def _b64(part: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(part).encode()).rstrip(b"=").decode()


def _claims(user_id: int, token_type: str = "access") -> dict[str, object]:
    now = int(time.time())
    return {
        "sub": str(user_id),
        "type": token_type,
        "jti": "x",
        "iss": "webshop",
        "iat": now,
        "exp": now + 300,
    }


async def _me(client, token: str):
    return await client.get("/users/me", headers={"Authorization": f"Bearer {token}"})


async def test_valid_access_token_is_accepted(client, customer):
    response = await _me(client, access_token_for(customer))
    assert response.status_code == 200
    assert response.json()["id"] == customer.id


async def test_missing_or_malformed_authorization_is_401(client):
    for headers in ({}, {"Authorization": "Bearer"}, {"Authorization": "Bearer not.a.jwt"}):
        response = await client.get("/users/me", headers=headers)

        assert response.status_code == 401, headers
        assert response.headers["www-authenticate"] == "Bearer"
        assert "detail" in response.json()


async def test_alg_none_is_rejected(client, customer):
    unsigned = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(_claims(customer.id))}."
    assert (await _me(client, unsigned)).status_code == 401


@pytest.mark.parametrize("algorithm", ["HS384", "HS512"])
async def test_other_algorithms_are_rejected_even_with_our_key(client, customer, algorithm):
    token = jwt.encode(_claims(customer.id), get_settings().secret_key, algorithm=algorithm)
    assert (await _me(client, token)).status_code == 401


async def test_a_bad_signature_is_rejected(client, customer):
    forged = jwt.encode(_claims(customer.id), "someone-elses-key-" + "x" * 32, algorithm="HS256")
    tampered = access_token_for(customer)[:-2] + "AA"

    assert (await _me(client, forged)).status_code == 401
    assert (await _me(client, tampered)).status_code == 401


async def test_an_expired_token_is_rejected(client, customer):
    expired = access_token_for(customer, lifetime=timedelta(seconds=-1))
    assert (await _me(client, expired)).status_code == 401


async def test_a_refresh_token_is_not_an_access_token(client, customer, login):
    tokens = (await login("carla")).json()
    assert (await _me(client, tokens["refresh_token"])).status_code == 401


async def test_an_access_token_is_not_a_refresh_token(client, customer, login):
    tokens = (await login("carla")).json()
    response = await client.post(
        "/auth/refresh", headers={"Authorization": f"Bearer {tokens['access_token']}"}
    )
    assert response.status_code == 401


async def test_token_for_a_deleted_user_is_rejected(client, customer, session):
    token = access_token_for(customer)
    await session.delete(customer)
    await session.flush()
    assert (await _me(client, token)).status_code == 401


async def test_tokens_carry_no_role(customer):
    payload = jwt.decode(
        access_token_for(customer),
        get_settings().secret_key,
        algorithms=["HS256"],
        issuer="webshop",
    )
    assert "role" not in payload  # the role is read from the database on every request


def test_decode_rejects_missing_claims():
    token = jwt.encode({"sub": "1", "type": "access"}, get_settings().secret_key, "HS256")
    with pytest.raises(security.InvalidToken):
        security.decode_token(
            token, secret=get_settings().secret_key, expected_type=security.TokenType.ACCESS
        )


def test_overlong_passwords_never_verify():
    password_hash = security.hash_password("p" * 72, 4)
    assert security.verify_password("p" * 72, password_hash)
    assert not security.verify_password("p" * 73, password_hash)


async def test_deactivated_user_cannot_use_a_token_they_already_hold(
    client, customer, admin_headers
):
    headers = auth_headers(customer)
    assert (await client.get("/users/me", headers=headers)).status_code == 200

    deactivate = await client.patch(
        f"/users/{customer.id}", json={"is_active": False}, headers=admin_headers
    )

    assert deactivate.status_code == 200
    assert (await client.get("/users/me", headers=headers)).status_code == 401
