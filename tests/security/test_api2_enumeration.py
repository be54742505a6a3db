"""OWASP API2:2023 Broken authentication: telling which accounts exist, by answer or by time.

A login for an account that does not exist gets exactly the answer of a wrong password (status,
body and headers), and takes as long: both run bcrypt (an unknown account is checked against a
dummy hash of the same cost). A deactivated account says so only to whoever knows its password.

Registration does say that an email address or username is taken: a sign-up form cannot work
otherwise, a documented trade-off. What keeps it from being a cheap oracle is the per-address
limit on registrations, checked here too.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from tests.factories import DEFAULT_PASSWORD, create_user
from webshop.core import security
from webshop.users.models import User

INVALID_CREDENTIALS = {"detail": "Incorrect username or password", "code": "invalid_credentials"}
VOLATILE_HEADERS = {"x-request-id", "date"}
TIMING_ROUNDS = 9  # bcrypt cost for the timing test: ~50 ms a check, far above the noise
TIMING_ATTEMPTS = 15


async def attempt(client: httpx.AsyncClient, login: str, password: str) -> httpx.Response:
    return await client.post("/auth/login", data={"username": login, "password": password})


def comparable(response: httpx.Response) -> tuple[int, Any, dict[str, str]]:
    headers = {k: v for k, v in response.headers.items() if k not in VOLATILE_HEADERS}
    return response.status_code, response.json(), headers


async def test_unknown_accounts_and_wrong_passwords_get_the_same_answer(
    client: httpx.AsyncClient, session: AsyncSession, customer: User
) -> None:
    await create_user(session, username="dora", is_active=False)

    wrong_password = await attempt(client, "carla", "not the password")
    wrong_password_by_email = await attempt(client, "carla@example.com", "not the password")
    unknown_user = await attempt(client, "nobody-here", "not the password")
    unknown_email = await attempt(client, "nobody@example.com", "not the password")
    disabled_wrong_password = await attempt(client, "dora", "not the password")

    expected = comparable(wrong_password)
    assert expected[:2] == (401, INVALID_CREDENTIALS)
    for other in (wrong_password_by_email, unknown_user, unknown_email, disabled_wrong_password):
        assert comparable(other) == expected
    # Only the right password learns that the account is disabled.
    disabled = await attempt(client, "dora", DEFAULT_PASSWORD)
    assert (disabled.status_code, disabled.json()["code"]) == (403, "account_disabled")


async def test_unknown_accounts_and_wrong_passwords_take_as_long(
    app: Any, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """Medians of interleaved attempts, with a bcrypt cost that dwarfs everything else a login
    does; both must also take at least about one bcrypt check (neither path skips it)."""
    app.state.settings = app.state.settings.model_copy(update={"BCRYPT_ROUNDS": TIMING_ROUNDS})
    app.state.limiter.enabled = False  # 30 attempts from one address would meet the throttle
    user = await create_user(session, username="tim")
    user.password_hash = security.hash_password(DEFAULT_PASSWORD, TIMING_ROUNDS)
    await session.flush()
    # The fastest of a few checks: what one bcrypt check costs here when nothing else runs.
    one_check = min(
        _timed(lambda: security.verify_password("wrong", user.password_hash)) for _ in range(3)
    )
    # Warm up both paths (the dummy hash of this cost is made on first use).
    await attempt(client, "nobody-at-all", "wrong")
    await attempt(client, "tim", "wrong")

    unknown, wrong = [], []
    for number in range(TIMING_ATTEMPTS):
        started = time.perf_counter()
        first = await attempt(client, f"nobody-{number}", "a wrong password")
        unknown.append(time.perf_counter() - started)
        started = time.perf_counter()
        second = await attempt(client, "tim", "a wrong password")
        wrong.append(time.perf_counter() - started)
        assert (first.status_code, second.status_code) == (401, 401)

    unknown_median, wrong_median = statistics.median(unknown), statistics.median(wrong)
    ratio = unknown_median / wrong_median
    assert 0.5 <= ratio <= 2, (unknown_median, wrong_median)
    assert min(unknown_median, wrong_median) >= 0.5 * one_check, (
        unknown_median,
        wrong_median,
        one_check,
    )


def _timed(work: Any) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


async def test_registration_names_what_is_taken_but_only_so_often(
    client: httpx.AsyncClient, customer: User
) -> None:
    """The documented trade-off, and its limit: 10 registrations an hour per address."""
    taken_email = {"email": "carla@example.com", "username": "someone", "password": "xk4-long-pw"}
    taken_name = {"email": "new@example.com", "username": "carla", "password": "xk4-long-pw"}

    by_email = await client.post("/auth/register", json=taken_email)
    by_name = await client.post("/auth/register", json=taken_name)
    assert (by_email.status_code, by_email.json()["code"]) == (409, "email_taken")
    assert (by_name.status_code, by_name.json()["code"]) == (409, "username_taken")

    answers = [
        (await client.post("/auth/register", json={**taken_email, "email": f"p{n}@example.com"}))
        for n in range(8)
    ]
    assert all(answer.status_code in (201, 409) for answer in answers)
    probe = await client.post("/auth/register", json=taken_email)

    assert probe.status_code == 429
    assert probe.json()["code"] == "rate_limited"
    assert int(probe.headers["retry-after"]) >= 1
    assert "carla" not in probe.text
