"""`webshop check` as cron runs it: against the shop's database, exit status 1 on a finding.

The command connects by itself, to the tests' database: each test's shop is committed."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from tests.factories import create_user
from tests.integrity.conftest import Shop, build_shop, execute
from webshop.cli import main
from webshop.core.clock import utcnow
from webshop.core.config import get_settings
from webshop.db.base import table_of
from webshop.events.models import OutboxEvent
from webshop.integrity import service
from webshop.users.models import UserRole


@pytest.fixture
async def shop_session(committed_app: Any) -> AsyncIterator[AsyncSession]:
    """A session whose commits the command sees (the tables are emptied afterwards)."""
    async with committed_app.state.sessionmaker() as session:
        yield session


@pytest.fixture
async def shop(shop_session: AsyncSession) -> Shop:
    admin = await create_user(shop_session, role=UserRole.ADMIN)
    return await build_shop(shop_session, admin)


async def check(*args: str) -> Result:
    # In a thread: the command runs its own event loop.
    return await asyncio.to_thread(CliRunner().invoke, main, ["check", *args])


async def test_a_consistent_shop_exits_0(shop):
    result = await check()

    assert result.exit_code == 0, result.output
    for each in service.CHECKS:
        assert f"{each.name} " in result.stdout
    assert "FAILED" not in result.stdout
    assert "All 12 checks passed" in result.stdout
    assert "Checking the shop at " in result.stderr  # the progress bar's label when not a TTY


async def test_a_finding_exits_1_naming_the_check_and_the_rows(shop_session, shop):
    await execute(shop_session, "UPDATE products SET stock = stock + 3 WHERE id = :id", id=shop.mug)
    await shop_session.commit()

    result = await check()

    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    [failed] = [line for line in lines if "FAILED" in line]
    assert failed.startswith("stock_matches_movements ")
    assert "The stock is not the sum of the movements, or went below zero: 1 product." in failed
    assert f"    product_id={shop.mug} stock=45 movements_sum=42 movements_below_zero=0" in lines
    assert "1 of 12 checks failed" in lines[-1]


async def test_json_output_and_the_stuck_threshold(shop_session, shop, monkeypatch):
    outbox = table_of(OutboxEvent)
    await shop_session.execute(update(outbox).values(timestamp=utcnow() - timedelta(hours=2)))
    await shop_session.commit()

    stuck = await check("--stuck-after", "60")
    as_json = await check("--json", "--stuck-after", "60")

    assert (stuck.exit_code, as_json.exit_code) == (1, 1), stuck.output
    report = json.loads(as_json.stdout)
    assert (report["ok"], report["failed"]) == (False, ["outbox_not_stuck"])
    assert report["stuck_after_minutes"] == 60
    events = report["checks"][-1]["total"]
    assert events > 10
    assert f"    ... 10 of {events} shown" in stuck.stdout.splitlines()
    assert json.loads((await check("--json", "--stuck-after", "180")).stdout)["ok"]

    monkeypatch.setenv("INTEGRITY_OUTBOX_STUCK_MINUTES", "180")  # the default's setting
    get_settings.cache_clear()
    try:
        relaxed = await check("--json")
    finally:
        get_settings.cache_clear()
    assert relaxed.exit_code == 0, relaxed.output
    assert json.loads(relaxed.stdout)["stuck_after_minutes"] == 180


async def test_an_unreachable_database_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:1/shop")
    get_settings.cache_clear()
    try:
        result = await check()
    finally:
        get_settings.cache_clear()

    assert result.exit_code == 1
    assert "Error: Cannot check the database at 127.0.0.1:1: connection refused." in result.output
    assert "Traceback" not in result.output
