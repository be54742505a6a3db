"""POST /admin/checks: the integrity report, for administrators only."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from tests.integrity.conftest import Shop, execute
from webshop.core.clock import utcnow
from webshop.db.base import table_of
from webshop.events.models import OutboxEvent


async def test_only_an_administrator_runs_the_checks(client, customer_headers):
    anonymous = await client.post("/admin/checks")
    customer = await client.post("/admin/checks", headers=customer_headers)

    assert (anonymous.status_code, anonymous.json()["code"]) == (401, "not_authenticated")
    assert (customer.status_code, customer.json()["code"]) == (403, "admin_required")


async def test_a_consistent_shop_passes(client, admin_headers, shop: Shop):
    response = await client.post("/admin/checks", headers=admin_headers)

    assert response.status_code == 200, response.text
    report = response.json()
    assert (report["ok"], report["failed"], report["stuck_after_minutes"]) == (True, [], 15)
    assert len(report["checks"]) == 12
    assert all(check["ok"] and check["rows"] == [] for check in report["checks"])


async def test_a_finding_is_reported_with_its_rows(client, admin_headers, session, shop: Shop):
    await execute(session, "UPDATE products SET stock = stock + 3 WHERE id = :id", id=shop.mug)

    response = await client.post("/admin/checks", headers=admin_headers)

    assert response.status_code == 200, response.text
    report = response.json()
    assert (report["ok"], report["failed"]) == (False, ["stock_matches_movements"])
    [finding] = [check for check in report["checks"] if not check["ok"]]
    assert finding["total"] == 1
    assert finding["finding"].endswith(": 1 product.")
    assert finding["rows"] == [
        {"product_id": shop.mug, "stock": 45, "movements_sum": 42, "movements_below_zero": 0}
    ]


async def test_the_threshold_for_stuck_events_can_be_given(client, admin_headers, session, shop):
    outbox = table_of(OutboxEvent)
    await session.execute(update(outbox).values(timestamp=utcnow() - timedelta(hours=2)))

    stuck = await client.post("/admin/checks?stuck_after_minutes=60", headers=admin_headers)
    assert stuck.json()["stuck_after_minutes"] == 60
    assert stuck.json()["failed"] == ["outbox_not_stuck"]

    for wrong in ("0", "43201", "x"):
        response = await client.post(
            f"/admin/checks?stuck_after_minutes={wrong}", headers=admin_headers
        )
        assert (response.status_code, response.json()["code"]) == (422, "validation_error")
