"""Figures read from the orders' summaries are the orders' own, in any time zone: days, weeks
and quarter hours add up to local days exactly, the quarter-hour offsets of Kolkata, Kathmandu
and Chatham and the clock changes of Lord Howe and London included."""

import random
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from tests.analytics.conftest import NOW, at, day, get_json
from tests.analytics.test_days import set_zone
from tests.factories import create_order, create_product, create_user
from webshop.analytics import counting
from webshop.analytics.models import LastActiveDay
from webshop.events.envelope import EventEnvelope
from webshop.orders.models import OrderStatus

ZONES = [
    "UTC",
    "America/New_York",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Pacific/Chatham",
    "Australia/Lord_Howe",
    "Europe/London",
]
PAID = {OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.DELIVERED}
FIRST, LAST = NOW.date() - timedelta(days=40), NOW.date() - timedelta(days=1)


@pytest.fixture
async def placed(session, admin, clock) -> list[dict[str, Any]]:
    """Seventy orders over six weeks, at random instants and on quarter hours and the instants
    just before them, in every status."""
    admin.created_at = at(60, 12)
    rng = random.Random(14)
    buyer = await create_user(session)
    products = [
        await create_product(session, name=name, price=price, stock=10_000)
        for name, price in (("Atlas", "12.50"), ("Mug", "8.05"), ("Pen", "1.25"))
    ]
    orders = []
    for n in range(70):
        when = NOW - timedelta(minutes=rng.randrange(1, 44 * 24 * 60))
        if n % 3 == 0:
            when = when.replace(minute=when.minute // 15 * 15, second=0, microsecond=0)
        if n % 3 == 1:
            when = when.replace(second=59, microsecond=999_999)
        status = list(OrderStatus)[n % len(OrderStatus)]
        lines = [
            (product, rng.randint(1, 4)) for product in rng.sample(products, rng.randint(1, 3))
        ]
        await create_order(session, buyer, *lines, status=status, placed_at=when, actor=admin)
        orders.append({"at": when, "status": status, "lines": lines})
    return orders


def local_days(orders: list[dict[str, Any]], zone: str) -> dict[date, list[dict[str, Any]]]:
    days: dict[date, list[dict[str, Any]]] = defaultdict(list)
    for order in orders:
        days[order["at"].astimezone(ZoneInfo(zone)).date()].append(order)
    return days


def total(order: dict[str, Any]) -> Decimal:
    return sum((product.price * quantity for product, quantity in order["lines"]), Decimal(0))


def between(
    days: dict[date, list[dict[str, Any]]], first: date, last: date
) -> list[dict[str, Any]]:
    return [order for day, orders in days.items() if first <= day <= last for order in orders]


def products_sold(orders: list[dict[str, Any]]) -> dict[int, tuple[int, str, int]]:
    sold: dict[int, list[Any]] = defaultdict(lambda: [0, Decimal(0), 0])
    for order in orders:
        if order["status"] in PAID:
            for product, quantity in order["lines"]:
                figures = sold[product.id]
                figures[0] += quantity
                figures[1] += product.price * quantity
                figures[2] += 1
    return {pid: (units, f"{amount:.2f}", count) for pid, (units, amount, count) in sold.items()}


@pytest.mark.parametrize("zone", ZONES)
async def test_every_figure_is_the_orders_own(
    client, settings, placed, admin_headers, monkeypatch, zone
):
    set_zone(monkeypatch, settings, zone)
    days = local_days(placed, zone)
    query = f"date_from={FIRST}&date_to={LAST}"

    revenue = await get_json(client, f"/analytics/revenue?{query}", admin_headers)
    orders = await get_json(client, f"/analytics/orders?{query}", admin_headers)

    for point, counted in zip(revenue, orders, strict=True):
        that_day = days.get(date.fromisoformat(point["date"]), [])
        paid = [order for order in that_day if order["status"] in PAID]
        assert point["revenue"] == f"{sum(map(total, paid), Decimal(0)):.2f}", point
        assert point["paid_orders"] == counted["paid_orders"] == len(paid)
        assert counted["orders"] == len(that_day)
        assert counted["cancelled_orders"] == sum(
            order["status"] is OrderStatus.CANCELLED for order in that_day
        )

    # 17 days: two whole weeks or more, and days and quarter hours at either end.
    first, last = LAST - timedelta(days=19), LAST - timedelta(days=3)
    before, after = first - timedelta(days=17), first - timedelta(days=1)
    query = f"date_from={first}&date_to={last}&compare=previous"
    dashboard = await get_json(client, f"/analytics/dashboard?{query}", admin_headers)
    products = await get_json(client, f"/analytics/products?{query}", admin_headers)

    current, previous = between(days, first, last), between(days, before, after)
    units = [
        sum(q for o in period if o["status"] in PAID for _, q in o["lines"])
        for period in (current, previous)
    ]
    assert dashboard["summary"]["units_sold"] == units[0]
    assert dashboard["previous"]["units_sold"] == units[1]
    assert dashboard["orders_by_status"] == {
        status.value: sum(order["status"] is status for order in current) for status in OrderStatus
    }
    sold, sold_before = products_sold(current), products_sold(previous)
    assert {
        seller["product_id"]: (seller["units_sold"], seller["revenue"])
        for seller in dashboard["top_sellers"]
    } == {pid: figures[:2] for pid, figures in sold.items()}
    for product in products:
        assert (product["units_sold"], product["revenue"], product["order_count"]) == sold.get(
            product["product_id"], (0, "0.00", 0)
        )
        assert (
            product["previous"]["units_sold"],
            product["previous"]["revenue"],
            product["previous"]["order_count"],
        ) == sold_before.get(product["product_id"], (0, "0.00", 0))

    overview = await get_json(client, "/analytics/overview", admin_headers)
    today = days.get(NOW.astimezone(ZoneInfo(zone)).date(), [])
    assert overview["today_orders"] == len(today)
    assert overview["today_revenue"] == (
        f"{sum((total(o) for o in today if o['status'] in PAID), Decimal(0)):.2f}"
    )
    assert overview["total_orders"] == len(placed)


@pytest.mark.parametrize("zone", ZONES)
async def test_the_best_sellers_of_single_days_are_the_orders_own(
    client, settings, placed, admin_headers, monkeypatch, zone
):
    """A local day holds no whole UTC day: both its ends are parts of UTC days, read from the
    order lines of at most half a day each (the day's row less the rest of the day, when the
    part is longer than that)."""
    set_zone(monkeypatch, settings, zone)
    days = local_days(placed, zone)
    for offset in range(2, 40, 3):
        first = NOW.date() - timedelta(days=offset)
        for last in (first, first + timedelta(days=1)):
            query = f"date_from={first}&date_to={last}"
            sold = products_sold(between(days, first, last))
            products = await get_json(client, f"/analytics/products?{query}", admin_headers)
            dashboard = await get_json(client, f"/analytics/dashboard?{query}", admin_headers)

            assert {
                product["product_id"]: (
                    product["units_sold"],
                    product["revenue"],
                    product["order_count"],
                )
                for product in products
                if product["units_sold"]
            } == sold, query
            assert {
                seller["product_id"]: (seller["units_sold"], seller["revenue"])
                for seller in dashboard["top_sellers"]
            } == {pid: figures[:2] for pid, figures in sold.items()}, query


def login(user: str, offset: int, batch: int) -> EventEnvelope:
    return EventEnvelope(
        event_id=f"{user}-{offset}-{batch}",
        event_type="user_login",
        timestamp=at(offset, 12),
        user_id=user,
        data={},
    )


async def test_active_users_in_any_range_whatever_the_order_events_come_in(
    client, session, admin, admin_headers, clock
):
    """Latest active days answer while nobody was active after the range; the days do
    otherwise, and when comparing. Events arrive in batches, newest days not always last."""
    admin.created_at = at(60, 12)
    activity = {"u_a": [0, 9], "u_b": [3], "u_c": [8, 20], "u_d": [12, 1], "u_e": [25]}
    batches = [
        [(user, days[0]) for user, days in activity.items()],
        [(user, offset) for user, days in activity.items() for offset in days[1:]],
    ]
    for batch, events in enumerate(batches):
        await counting.record_events(
            session, [login(user, offset, batch) for user, offset in events], zone=ZoneInfo("UTC")
        )
    latest = await session.execute(select(LastActiveDay.user_key, LastActiveDay.day))
    assert dict(latest.all()) == {user: day(min(days)) for user, days in activity.items()}

    def active(first: int, last: int) -> int:
        return sum(any(last <= d <= first for d in days) for days in activity.values())

    for query, first, last in (
        ("days=7", 6, 0),  # up to today: latest days
        ("days=30", 29, 0),
        (f"date_from={day(10)}&date_to={day(2)}", 10, 2),  # u_a, u_d later: the days answer
        (f"date_from={day(30)}&date_to={day(8)}", 30, 8),
    ):
        body = await get_json(client, f"/analytics/users?{query}", admin_headers)
        assert body["summary"]["active_users"] == active(first, last), query
        dashboard = await get_json(client, f"/analytics/dashboard?{query}", admin_headers)
        assert dashboard["summary"]["active_users"] == active(first, last), query
    compared = await get_json(client, "/analytics/users?days=7&compare=previous", admin_headers)
    assert (compared["summary"]["active_users"], compared["previous"]["active_users"]) == (
        active(6, 0),
        active(13, 7),
    )
