"""Sessions end at once: logout, password, role and activation changes, and the owner's own
`/auth/sessions`; and two tabs refreshing one cookie together are not taken for a thief."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from tests.factories import DEFAULT_PASSWORD, auth_headers, create_user
from webshop.auth.models import RefreshToken
from webshop.core import security
from webshop.core.clock import utcnow

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def log_in(client, name: str = "carla", user_agent: str = FIREFOX) -> dict[str, str]:
    response = await client.post(
        "/auth/login",
        data={"username": name, "password": DEFAULT_PASSWORD},
        headers={"User-Agent": user_agent},
    )
    assert response.status_code == 200, response.text
    client.cookies.clear()  # each login its own device: no cookie shared between them
    return response.json()


async def me(client, tokens: dict[str, str]) -> int:
    return (await client.get("/users/me", headers=bearer(tokens["access_token"]))).status_code


async def test_logout_ends_the_access_token_at_once(client, customer):
    tokens = await log_in(client)
    assert await me(client, tokens) == 200

    await client.post("/auth/logout", headers=bearer(tokens["refresh_token"]))

    assert await me(client, tokens) == 401


async def test_logout_with_only_the_access_token_ends_its_session(client, customer):
    tokens = await log_in(client)

    await client.post("/auth/logout", headers=bearer(tokens["access_token"]))

    assert await me(client, tokens) == 401
    refresh = await client.post("/auth/refresh", headers=bearer(tokens["refresh_token"]))
    assert refresh.json()["code"] == "session_ended"


async def test_logout_of_one_device_leaves_the_others(client, customer):
    laptop, phone = await log_in(client), await log_in(client, user_agent=IPHONE)

    await client.post("/auth/logout", headers=bearer(laptop["refresh_token"]))

    assert (await me(client, laptop), await me(client, phone)) == (401, 200)


async def test_a_password_change_ends_every_other_session_at_once(client, customer):
    laptop, phone = await log_in(client), await log_in(client, user_agent=IPHONE)

    changed = await client.post(
        "/users/me/password",
        json={"current_password": DEFAULT_PASSWORD, "new_password": "a brand new secret"},
        headers=bearer(laptop["access_token"]),
    )

    assert changed.status_code == 200
    assert await me(client, phone) == 401
    assert await me(client, laptop) == 401  # its old token too: the new pair replaces it
    assert await me(client, changed.json()) == 200
    sessions = await client.get("/auth/sessions", headers=bearer(changed.json()["access_token"]))
    assert [s["current"] for s in sessions.json()] == [True]


async def test_deactivation_ends_every_session_for_good(client, customer, admin_headers):
    tokens = await log_in(client)

    await client.patch(f"/users/{customer.id}", json={"is_active": False}, headers=admin_headers)
    assert await me(client, tokens) == 401
    await client.patch(f"/users/{customer.id}", json={"is_active": True}, headers=admin_headers)

    # Reactivated, the account works with a new login, never with the old tokens.
    assert await me(client, tokens) == 401
    refresh = await client.post("/auth/refresh", headers=bearer(tokens["refresh_token"]))
    assert refresh.status_code == 401
    assert await me(client, await log_in(client)) == 200


async def test_a_demoted_admin_is_logged_out_at_once(client, session, admin_headers):
    deputy = await create_user(session, username="deputy", role="admin")
    tokens = await log_in(client, "deputy")
    assert (await client.get("/users/stats", headers=bearer(tokens["access_token"]))).is_success

    await client.patch(f"/users/{deputy.id}", json={"role": "customer"}, headers=admin_headers)

    stats = await client.get("/users/stats", headers=bearer(tokens["access_token"]))
    assert stats.status_code == 401
    refresh = await client.post("/auth/refresh", headers=bearer(tokens["refresh_token"]))
    assert refresh.status_code == 401


async def test_a_user_sees_their_sessions_with_device_and_address(client, customer):
    await log_in(client, user_agent=IPHONE)
    current = await log_in(client)

    response = await client.get("/auth/sessions", headers=bearer(current["access_token"]))

    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    sessions = response.json()
    assert [(s["device"], s["current"]) for s in sessions] == [
        ("Firefox on Windows", True),
        ("Safari on iPhone", False),
        ("Unknown device", False),  # the test factory's session, with no user agent
    ]
    assert [s["ip_address"] for s in sessions[:2]] == ["127.0.0.1"] * 2
    assert all(s["created_at"] <= s["last_used_at"] for s in sessions)


async def test_ending_a_session_logs_that_device_out(client, customer):
    phone = await log_in(client, user_agent=IPHONE)
    laptop = await log_in(client)
    sessions = (await client.get("/auth/sessions", headers=bearer(laptop["access_token"]))).json()
    phone_session = next(s["id"] for s in sessions if not s["current"])

    ended = await client.delete(
        f"/auth/sessions/{phone_session}", headers=bearer(laptop["access_token"])
    )

    assert ended.status_code == 204
    assert (await me(client, phone), await me(client, laptop)) == (401, 200)
    again = await client.delete(
        f"/auth/sessions/{phone_session}", headers=bearer(laptop["access_token"])
    )
    assert again.status_code == 404


async def test_log_out_everywhere_else(client, customer):
    others = [await log_in(client, user_agent=IPHONE) for _ in range(2)]
    current = await log_in(client)

    response = await client.delete("/auth/sessions", headers=bearer(current["access_token"]))

    assert response.status_code == 204
    assert [await me(client, tokens) for tokens in others] == [401, 401]
    assert await me(client, current) == 200


async def test_nobody_can_see_or_end_another_users_session(client, customer, session):
    await create_user(session, username="mallory")
    victim = await log_in(client)
    mallory = await log_in(client, "mallory")
    victim_session = (
        await client.get("/auth/sessions", headers=bearer(victim["access_token"]))
    ).json()[0]["id"]

    listed = await client.get("/auth/sessions", headers=bearer(mallory["access_token"]))
    ended = await client.delete(
        f"/auth/sessions/{victim_session}", headers=bearer(mallory["access_token"])
    )

    assert victim_session not in {s["id"] for s in listed.json()}
    assert ended.status_code == 404
    assert ended.json()["code"] == "session_not_found"
    assert await me(client, victim) == 200


async def test_sessions_need_a_login(client):
    assert (await client.get("/auth/sessions")).status_code == 401
    assert (await client.delete("/auth/sessions")).status_code == 401


async def test_a_malformed_session_id_is_not_found(client, customer_headers):
    response = await client.delete("/auth/sessions/not-a-session", headers=customer_headers)
    assert response.status_code == 404


async def test_two_tabs_refreshing_one_cookie_both_stay_logged_in(client, customer):
    tokens = await log_in(client)

    first = await client.post("/auth/refresh", headers=bearer(tokens["refresh_token"]))
    second = await client.post("/auth/refresh", headers=bearer(tokens["refresh_token"]))

    assert (first.status_code, second.status_code) == (200, 200)
    assert await me(client, first.json()) == 200
    assert await me(client, second.json()) == 200


async def test_a_replay_after_the_grace_window_ends_the_session(client, customer, session):
    tokens = await log_in(client)
    renewed = (await client.post("/auth/refresh", headers=bearer(tokens["refresh_token"]))).json()
    await session.execute(
        update(RefreshToken)
        .where(RefreshToken.token_hash == security.fingerprint(tokens["refresh_token"]))
        .values(used_at=utcnow() - timedelta(seconds=11))
    )

    replay = await client.post("/auth/refresh", headers=bearer(tokens["refresh_token"]))

    assert replay.json()["code"] == "session_ended"
    assert await me(client, renewed) == 401


async def test_a_token_without_a_session_is_refused(client, customer):
    forged, _ = security.create_token(
        user_id=customer.id,
        token_type=security.TokenType.ACCESS,
        secret=client._transport.app.state.settings.secret_key,
        lifetime=timedelta(minutes=5),
        session_id="00000000-0000-4000-8000-999999999999",
    )

    assert (await client.get("/users/me", headers=bearer(forged))).status_code == 401
    assert (await client.get("/users/me", headers=auth_headers(customer))).status_code == 200
