"""Throttling through the real app: login failures per account and address, per account and
per address; registration, refresh, password changes and cart events; off by a setting; in the
database or in Redis."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from ipaddress import ip_network
from typing import Any

import pytest
from asgi_lifespan import LifespanManager
from redis.asyncio import Redis

from tests.conftest import make_client
from tests.factories import DEFAULT_PASSWORD, create_user
from webshop.core.ratelimit import parse_rates
from webshop.main import create_app

REDIS_URL = "redis://127.0.0.1:6379/15"  # a database of its own, flushed after each test


def configure(app: Any, **overrides: Any) -> None:
    app.state.settings = app.state.settings.model_copy(update=overrides)


BEHIND_PROXY = [ip_network("127.0.0.1/32")]


async def attempt(client, name: str = "carla", password: str = "wrong guess", ip: str = ""):
    headers = {"X-Forwarded-For": ip} if ip else {}
    return await client.post(
        "/auth/login", data={"username": name, "password": password}, headers=headers
    )


@pytest.fixture
def clock(app) -> list[float]:
    """The limiter's clock, for waits of minutes and hours that a test cannot sit through."""
    now = [time.time()]
    app.state.limiter.clock = lambda: now[0]
    return now


async def test_failed_logins_for_one_account_and_address_meet_a_429(client, customer):
    answers = [await attempt(client) for _ in range(5)]
    throttled = await attempt(client, password=DEFAULT_PASSWORD)  # even the right password

    assert [answer.status_code for answer in answers] == [401] * 5
    assert throttled.status_code == 429
    retry_after = int(throttled.headers["retry-after"])
    assert 1 <= retry_after <= 60
    assert throttled.json() == {
        "detail": f"Too many requests; try again in {retry_after} s",
        "code": "rate_limited",
        "retry_after": retry_after,
    }


async def test_the_waits_grow_as_the_failures_go_on(client, customer, clock):
    failures, waits = 0, {}
    while failures < 20 or not waits.get(20):
        answer = await attempt(client)
        if answer.status_code == 401:
            failures += 1
            continue
        waits[failures] = int(answer.headers["retry-after"])
        clock[0] += waits[failures]  # the guesser waits as told, then goes on

    # 5 a minute, 10 in 15 minutes, 20 in an hour: the longer it goes on, the longer the wait.
    assert waits[5] <= 60 < waits[10] <= 15 * 60 < waits[20] <= 3600


async def test_a_stranger_guessing_cannot_lock_the_owner_out(app, client, customer):
    configure(app, TRUSTED_PROXIES=BEHIND_PROXY)
    for _ in range(5):
        await attempt(client, ip="203.0.113.9")

    stranger = await attempt(client, ip="203.0.113.9")
    owner = await attempt(client, password=DEFAULT_PASSWORD, ip="198.51.100.7")

    assert (stranger.status_code, owner.status_code) == (429, 200)


async def test_unknown_accounts_are_throttled_exactly_like_real_ones(client, customer):
    for name in ("carla", "nobody-here"):
        answers = [(await attempt(client, name)).status_code for _ in range(6)]
        assert answers == [401] * 5 + [429], name


async def test_a_successful_login_clears_the_failures(client, customer):
    codes = [(await attempt(client)).status_code for _ in range(4)]
    codes.append((await attempt(client, password=DEFAULT_PASSWORD)).status_code)
    codes += [(await attempt(client)).status_code for _ in range(4)]

    assert codes == [401] * 4 + [200] + [401] * 4


async def test_one_address_trying_many_accounts_is_throttled(app, client, customer):
    configure(app, RATE_LIMIT_LOGIN_IP=parse_rates("3/15m"))
    codes = [(await attempt(client, f"guess{number}")).status_code for number in range(4)]

    assert codes == [401, 401, 401, 429]


async def test_guessing_spread_over_many_addresses_is_throttled(app, client, customer):
    configure(app, TRUSTED_PROXIES=BEHIND_PROXY, RATE_LIMIT_LOGIN_ACCOUNT=parse_rates("3/1h"))
    codes = [(await attempt(client, ip=f"203.0.113.{n}")).status_code for n in range(4)]

    assert codes == [401, 401, 401, 429]


async def test_forwarded_addresses_count_only_behind_a_trusted_proxy(app, client, customer):
    for number in range(6):  # a different address each time, but nobody vouches for them
        answer = await attempt(client, ip=f"203.0.113.{number}")

    assert answer.status_code == 429


async def test_registrations_per_address(app, client):
    configure(app, RATE_LIMIT_REGISTER_IP=parse_rates("2/1h"))

    codes = [
        (
            await client.post(
                "/auth/register",
                json={
                    "email": f"new{n}@example.com",
                    "username": f"new{n}",
                    "password": "a fine long password",
                },
            )
        ).status_code
        for n in range(3)
    ]

    assert codes == [201, 201, 429]


async def test_refreshes_per_address(app, client, customer, login):
    configure(app, RATE_LIMIT_REFRESH_IP=parse_rates("2/1m"))
    await login("carla")

    codes = [(await client.post("/auth/refresh")).status_code for _ in range(3)]

    assert codes == [200, 200, 429]


async def test_password_changes_per_account(app, client, customer_headers):
    configure(app, RATE_LIMIT_PASSWORD_CHANGE=parse_rates("2/15m"))
    body = {"current_password": "wrong guess", "new_password": "another long secret"}

    codes = [
        (await client.post("/users/me/password", json=body, headers=customer_headers)).status_code
        for _ in range(3)
    ]

    assert codes == [422, 422, 429]


@pytest.fixture
async def served(committed_app, settings) -> AsyncIterator[Any]:
    """`serve(**settings)`: the app started as `webshop serve` starts it (its lifespan picks
    the limiter), on committed sessions that `committed_app` cleans up."""

    async def serve(**overrides: Any) -> Any:
        app = create_app(settings.model_copy(update=overrides))
        manager = LifespanManager(app)
        await manager.__aenter__()
        started.append(manager)
        return app

    started: list[LifespanManager] = []
    yield serve
    for manager in started:
        await manager.__aexit__(None, None, None)
    redis = Redis.from_url(REDIS_URL)
    await redis.flushdb()
    await redis.aclose()


async def carla_on(app: Any) -> None:
    async with app.state.sessionmaker() as session:
        await create_user(session, username="carla")
        await session.commit()


async def test_rate_limit_enabled_false_turns_throttling_off(served):
    app = await served(RATE_LIMIT_ENABLED=False)
    await carla_on(app)

    async with make_client(app) as client:
        codes = {(await attempt(client)).status_code for _ in range(12)}

    assert codes == {401}


@pytest.mark.parametrize("redis_url", ["", REDIS_URL], ids=["database", "redis"])
async def test_workers_share_their_counts(served, redis_url):
    one, two = await served(REDIS_URL=redis_url), await served(REDIS_URL=redis_url)
    await carla_on(one)

    async with make_client(one) as first, make_client(two) as second:
        codes = [(await attempt(first)).status_code for _ in range(3)]
        codes += [(await attempt(second)).status_code for _ in range(3)]

    assert codes == [401] * 5 + [429]
    redis = Redis.from_url(REDIS_URL)
    in_redis = len(await redis.keys("webshop:ratelimit:*"))
    await redis.aclose()
    in_database = await count_rows_of(one, "rate_limits")
    assert (in_database > 0, in_redis > 0) == (not redis_url, bool(redis_url))


async def count_rows_of(app: Any, table: str) -> int:
    async with app.state.engine.connect() as connection:
        return int((await connection.exec_driver_sql(f"SELECT count(*) FROM {table}")).scalar())
