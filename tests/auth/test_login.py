import asyncio
import time

import httpx
from sqlalchemy import select

from tests.conftest import make_client
from tests.factories import DEFAULT_PASSWORD, create_user
from webshop.core import security
from webshop.core.config import get_settings
from webshop.events.models import OutboxEvent
from webshop.users.models import User


async def test_login_with_username_or_email_returns_a_token_pair(client, customer, login):
    for name in ("carla", "CARLA", "carla@example.com", "Carla@Example.COM"):
        response = await login(name)

        assert response.status_code == 200, name
        body = response.json()
        assert body["token_type"] == "bearer"
        assert body["expires_in"] == 15 * 60
        claims = security.decode_token(
            body["access_token"],
            secret=get_settings().secret_key,
            expected_type=security.TokenType.ACCESS,
        )
        assert claims.user_id == customer.id
        me = await client.get(
            "/users/me", headers={"Authorization": f"Bearer {body['access_token']}"}
        )
        assert me.json()["username"] == "carla"


async def test_login_sets_the_refresh_cookie_for_the_web_ui(customer, login):
    response = await login("carla")

    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"refresh_token={response.json()['refresh_token']};")
    assert "HttpOnly" in cookie
    assert "Path=/auth" in cookie
    assert "SameSite=strict" in cookie
    assert "Secure" not in cookie  # plain http here; https adds it


async def test_refresh_cookie_is_secure_over_https(app, customer):
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="https://shop.test") as client:
        response = await client.post(
            "/auth/login", data={"username": "carla", "password": DEFAULT_PASSWORD}
        )
    assert "Secure" in response.headers["set-cookie"]


async def test_wrong_password_and_unknown_user_get_the_same_401(customer, login):
    wrong_password = await login("carla", "not the password")
    unknown_user = await login("nobody", "not the password")

    assert wrong_password.status_code == unknown_user.status_code == 401
    assert (
        wrong_password.json()
        == unknown_user.json()
        == {"detail": "Incorrect username or password", "code": "invalid_credentials"}
    )
    assert wrong_password.headers["www-authenticate"] == "Bearer"


async def test_login_requires_both_form_fields(client):
    response = await client.post("/auth/login", data={"username": "carla"})
    assert response.status_code == 422


async def test_deactivated_user_cannot_log_in(session, login):
    await create_user(session, username="gone", is_active=False)

    response = await login("gone")

    assert response.status_code == 403
    assert response.json() == {
        "detail": "This account has been deactivated",
        "code": "account_disabled",
    }


async def test_login_records_the_time_and_a_user_login_event(customer, login, session):
    await login("carla")

    await session.refresh(customer)
    assert customer.last_login_at is not None
    event = (await session.execute(select(OutboxEvent))).scalar_one()
    assert (event.event_type, event.user_id) == ("user_login", customer.id)


async def test_failed_login_writes_no_event(customer, login, count_rows):
    await login("carla", "wrong password")
    assert await count_rows("outbox") == 0


async def test_a_burst_of_logins_does_not_stall_the_event_loop(committed_app):
    """bcrypt runs in worker threads, so the loop keeps serving while logins hash.

    A ticker measures the longest gap between its wake-ups during four concurrent logins.
    Were hashing done on the loop, that gap would be at least one whole hash.
    """
    settings = get_settings()
    rounds = settings.BCRYPT_ROUNDS
    settings.BCRYPT_ROUNDS = 11  # slow enough that a blocked loop is unmistakable
    try:
        async with committed_app.state.sessionmaker() as session:
            await create_user(session, username="burst")
            await session.commit()
        started = time.perf_counter()
        security.hash_password("measure one hash", settings.BCRYPT_ROUNDS)
        one_hash = time.perf_counter() - started

        longest_gap = 0.0
        done = asyncio.Event()

        async def ticker() -> None:
            nonlocal longest_gap
            last = time.perf_counter()
            while not done.is_set():
                await asyncio.sleep(0.002)
                now = time.perf_counter()
                longest_gap = max(longest_gap, now - last)
                last = now

        form = {"username": "burst", "password": DEFAULT_PASSWORD}
        async with make_client(committed_app) as client:
            await client.get("/health")  # warm the pool
            tick = asyncio.create_task(ticker())
            responses = await asyncio.gather(
                *(client.post("/auth/login", data=form) for _ in range(4))
            )
            done.set()
            await tick
    finally:
        settings.BCRYPT_ROUNDS = rounds

    assert [response.status_code for response in responses] == [200] * 4
    assert longest_gap < one_hash / 2, (longest_gap, one_hash)


async def test_users_table_never_holds_a_plain_password(customer, session):
    stored = (await session.execute(select(User.password_hash))).scalar_one()
    assert DEFAULT_PASSWORD not in stored
    assert security.verify_password(DEFAULT_PASSWORD, stored)
