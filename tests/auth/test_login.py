import asyncio
import threading

import bcrypt
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


async def test_a_burst_of_logins_does_not_stall_the_event_loop(committed_app, monkeypatch):
    """bcrypt runs in worker threads, so the loop keeps serving while logins hash.

    Every password check is held inside bcrypt until the test lets it go. Only with the checks
    off the event loop can `/health` be answered while four of them are held; a check on the
    loop would freeze it (until the hold gives up after 10 s) and name the loop's thread.
    """
    loop, loop_thread = asyncio.get_running_loop(), threading.get_ident()
    hashing_threads: list[int] = []
    all_held, release = asyncio.Event(), threading.Event()
    real_checkpw = bcrypt.checkpw

    def held_checkpw(password: bytes, hashed: bytes) -> bool:
        hashing_threads.append(threading.get_ident())
        if len(hashing_threads) == 4:
            loop.call_soon_threadsafe(all_held.set)
        release.wait(timeout=10)
        return real_checkpw(password, hashed)

    monkeypatch.setattr(bcrypt, "checkpw", held_checkpw)
    async with committed_app.state.sessionmaker() as session:
        await create_user(session, username="burst")
        await session.commit()

    form = {"username": "burst", "password": DEFAULT_PASSWORD}
    async with make_client(committed_app) as client:
        logins = [asyncio.create_task(client.post("/auth/login", data=form)) for _ in range(4)]
        await asyncio.wait_for(all_held.wait(), timeout=30)
        health = await client.get("/health")
        release.set()
        responses = await asyncio.gather(*logins)

    assert health.status_code == 200
    assert [response.status_code for response in responses] == [200] * 4
    assert loop_thread not in hashing_threads


async def test_users_table_never_holds_a_plain_password(customer, session):
    stored = (await session.execute(select(User.password_hash))).scalar_one()
    assert DEFAULT_PASSWORD not in stored
    assert security.verify_password(DEFAULT_PASSWORD, stored)
