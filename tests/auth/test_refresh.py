"""Refresh tokens rotate, are stored hashed, and a reused one ends its whole family."""

from datetime import timedelta

from sqlalchemy import select, update

from webshop.auth.models import LoginSession, RefreshToken
from webshop.core import security
from webshop.core.clock import utcnow


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_refresh_returns_a_new_pair_that_works(client, customer, login):
    first = (await login("carla")).json()

    response = await client.post("/auth/refresh", headers=_bearer(first["refresh_token"]))

    assert response.status_code == 200
    second = response.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert second["access_token"] != first["access_token"]
    me = await client.get("/users/me", headers=_bearer(second["access_token"]))
    assert me.status_code == 200
    assert "refresh_token=" in response.headers["set-cookie"]


async def test_refresh_tokens_are_stored_only_as_hashes(client, customer, login, session):
    tokens = (await login("carla")).json()

    stored = (await session.execute(select(RefreshToken))).scalar_one()
    assert stored.token_hash == security.fingerprint(tokens["refresh_token"])
    assert tokens["refresh_token"] not in stored.token_hash
    login_session = await session.get(LoginSession, stored.session_id)
    assert login_session.user_id == customer.id


async def test_the_cookie_alone_can_refresh(client, customer, login):
    await login("carla")  # the client keeps the httpOnly cookie, as a browser would

    response = await client.post("/auth/refresh")

    assert response.status_code == 200


async def test_refresh_without_any_token_is_401(client):
    response = await client.post("/auth/refresh")
    assert response.status_code == 401
    assert response.json() == {"detail": "Refresh token missing", "code": "not_authenticated"}


async def used_long_ago(session, token: str) -> None:
    """As if the token had been used a minute ago, well past the grace window for two tabs."""
    await session.execute(
        update(RefreshToken)
        .where(RefreshToken.token_hash == security.fingerprint(token))
        .values(used_at=utcnow() - timedelta(minutes=1))
    )


async def test_reusing_a_refresh_token_ends_the_session(client, customer, login, session):
    first = (await login("carla")).json()
    second = (await client.post("/auth/refresh", headers=_bearer(first["refresh_token"]))).json()
    await used_long_ago(session, first["refresh_token"])

    replay = await client.post("/auth/refresh", headers=_bearer(first["refresh_token"]))

    assert replay.status_code == 401
    assert replay.json() == {
        "detail": "This session has ended; please log in again",
        "code": "session_ended",
    }
    # The legitimate holder's newer token is dead too: the thief gained nothing.
    after = await client.post("/auth/refresh", headers=_bearer(second["refresh_token"]))
    assert after.status_code == 401


async def test_reuse_in_one_session_leaves_other_sessions_alone(client, customer, login, session):
    phone = (await login("carla")).json()
    laptop = (await login("carla")).json()
    await client.post("/auth/refresh", headers=_bearer(phone["refresh_token"]))
    await used_long_ago(session, phone["refresh_token"])
    await client.post("/auth/refresh", headers=_bearer(phone["refresh_token"]))  # reuse

    response = await client.post("/auth/refresh", headers=_bearer(laptop["refresh_token"]))

    assert response.status_code == 200


async def test_logout_revokes_the_family_and_clears_the_cookie(client, customer, login):
    tokens = (await login("carla")).json()

    response = await client.post("/auth/logout", headers=_bearer(tokens["refresh_token"]))

    assert response.status_code == 204
    cookie = response.headers["set-cookie"]
    assert cookie.startswith('refresh_token="";') or "Max-Age=0" in cookie
    refused = await client.post("/auth/refresh", headers=_bearer(tokens["refresh_token"]))
    assert refused.status_code == 401


async def test_logout_with_the_cookie_ends_that_session(client, customer, login):
    tokens = (await login("carla")).json()

    assert (await client.post("/auth/logout")).status_code == 204

    refused = await client.post("/auth/refresh", headers=_bearer(tokens["refresh_token"]))
    assert refused.status_code == 401


async def test_logout_without_a_valid_token_still_succeeds(client):
    assert (await client.post("/auth/logout")).status_code == 204
    assert (await client.post("/auth/logout", headers=_bearer("garbage"))).status_code == 204


async def test_deactivated_user_cannot_refresh(client, customer, login, session):
    tokens = (await login("carla")).json()
    customer.is_active = False
    await session.commit()

    response = await client.post("/auth/refresh", headers=_bearer(tokens["refresh_token"]))

    assert response.status_code == 401
