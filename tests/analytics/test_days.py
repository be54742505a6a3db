"""Days are calendar days in SHOP_TIMEZONE, on SQLite (quarter hours folded in Python) and on
PostgreSQL (converted in SQL) alike."""

from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest

from tests.analytics.conftest import NOW, at, day
from tests.factories import create_order, create_product, create_user
from webshop.analytics.days import DayRange
from webshop.orders.models import OrderStatus


@pytest.fixture
async def night_orders(session, admin, clock):
    """Orders around the local midnights of New York, Kolkata (+05:30) and Kathmandu (+05:45).

    Pinned "now" is today 12:00 UTC: the same date in all four zones.
      a  today 02:00 UTC  paid       10.00  NY: yesterday evening   Kolkata: today 07:30
      g  today 03:00 UTC  cancelled 100.00  NY: yesterday evening   Kolkata: today 08:30
      b  -1    20:00 UTC  paid        5.00  NY: yesterday afternoon Kolkata: today 01:30
      c  -1    18:14 UTC  paid        1.00  Kolkata: yesterday 23:44, Kathmandu: 23:59
      d  -1    18:15 UTC  paid        2.00  Kolkata: yesterday 23:45, Kathmandu: today 00:00
      e  -1    18:30 UTC  paid        4.00  Kolkata: today 00:00,     Kathmandu: today 00:15
      f  today 19:00 UTC  paid        7.00  NY: today; Kolkata and Kathmandu: tomorrow (excluded)
    """
    admin.created_at = at(40, 12)
    buyer = await create_user(session)
    buyer.created_at = at(40, 12)
    item = await create_product(session, price="1.00", stock=1000)
    paid = OrderStatus.PAID
    for when, status, quantity in (
        (at(0, 2), paid, 10),
        (at(0, 3), OrderStatus.CANCELLED, 100),
        (at(1, 20), paid, 5),
        (at(1, 18, 14), paid, 1),
        (at(1, 18, 15), paid, 2),
        (at(1, 18, 30), paid, 4),
        (at(0, 19), paid, 7),
    ):
        await create_order(session, buyer, (item, quantity), status=status, placed_at=when)


def set_zone(monkeypatch, settings, zone):
    """The shop's time zone, as the app under test reads it."""
    monkeypatch.setattr(settings, "SHOP_TIMEZONE", zone)
    assert settings.shop_zone == ZoneInfo(zone)


# zone: (yesterday's revenue, orders, cancelled), (the same for today)
EXPECTED = {
    # a, g, f today; b, c, d, e yesterday
    "UTC": (("12.00", 4, 0), ("17.00", 3, 1)),
    # a, g, b, c, d, e yesterday; f today
    "America/New_York": (("22.00", 6, 1), ("7.00", 1, 0)),
    # c, d yesterday; a, g, b, e today; f tomorrow
    "Asia/Kolkata": (("3.00", 2, 0), ("19.00", 4, 1)),
    # c yesterday; a, g, b, d, e today; f tomorrow
    "Asia/Kathmandu": (("1.00", 1, 0), ("21.00", 5, 1)),
}


@pytest.mark.parametrize("zone", list(EXPECTED))
async def test_orders_count_on_the_local_day(
    client, settings, night_orders, admin_headers, monkeypatch, zone
):
    set_zone(monkeypatch, settings, zone)
    (y_revenue, y_orders, y_cancelled), (t_revenue, t_orders, t_cancelled) = EXPECTED[zone]

    revenue = (await client.get("/analytics/revenue?days=3", headers=admin_headers)).json()
    orders = (await client.get("/analytics/orders?days=3", headers=admin_headers)).json()
    overview = (await client.get("/analytics/overview", headers=admin_headers)).json()

    dates = [day(2).isoformat(), day(1).isoformat(), day(0).isoformat()]
    assert [p["date"] for p in revenue] == [p["date"] for p in orders] == dates
    assert [p["revenue"] for p in revenue] == ["0.00", y_revenue, t_revenue]
    assert [p["orders"] for p in orders] == [0, y_orders, t_orders]
    assert [p["cancelled_orders"] for p in orders] == [0, y_cancelled, t_cancelled]
    assert (
        [p["paid_orders"] for p in revenue]
        == [p["paid_orders"] for p in orders]
        == [0, y_orders - y_cancelled, t_orders - t_cancelled]
    )
    assert overview["today_orders"] == t_orders
    assert overview["today_revenue"] == t_revenue
    assert overview["total_revenue"] == "29.00"  # all time, whatever the zone


async def test_tomorrow_in_kolkata_is_outside_every_window(
    client, settings, night_orders, admin_headers, monkeypatch
):
    set_zone(monkeypatch, settings, "Asia/Kolkata")

    year = (await client.get("/analytics/orders?days=365", headers=admin_headers)).json()

    assert year[-1]["date"] == day(0).isoformat()
    assert sum(p["orders"] for p in year) == 6  # all but f


@pytest.mark.parametrize(
    ("zone", "signups"),
    [
        ("UTC", [1, 2, 1]),
        ("America/New_York", [1, 3, 0]),  # 03:00 UTC today is last evening in New York
        ("Asia/Kolkata", [0, 1, 3]),  # 5:30 later: each sign-up moves to the next day
    ],
)
async def test_signups_count_on_the_local_day(
    client, settings, session, admin, admin_headers, monkeypatch, clock, zone, signups
):
    """Sign-ups at -2 22:30, -1 20:00, -1 22:29 and today 03:00 UTC."""
    admin.created_at = at(40, 12)
    for when in (at(2, 22, 30), at(1, 20), at(1, 22, 29), at(0, 3)):
        user = await create_user(session)
        user.created_at = when
    await session.flush()
    set_zone(monkeypatch, settings, zone)

    body = (await client.get("/analytics/users?days=3", headers=admin_headers)).json()

    assert [p["date"] for p in body["series"]] == [day(n).isoformat() for n in (2, 1, 0)]
    assert [p["signups"] for p in body["series"]] == signups


# --- DayRange.last ------------------------------------------------------------------------


def pin(monkeypatch, instant):
    monkeypatch.setattr("webshop.analytics.days.utcnow", lambda: instant)


def test_last_days_in_utc(monkeypatch):
    pin(monkeypatch, datetime(2026, 3, 10, 23, 59, 59, tzinfo=UTC))

    span = DayRange.last(3, ZoneInfo("UTC"))

    assert span.dates == [date(2026, 3, 8), date(2026, 3, 9), date(2026, 3, 10)]
    assert span.start == datetime(2026, 3, 8, tzinfo=UTC)
    assert span.end == datetime(2026, 3, 11, tzinfo=UTC)


def test_one_day_is_today(monkeypatch):
    pin(monkeypatch, datetime(2026, 1, 31, 0, 0, tzinfo=UTC))

    span = DayRange.last(1, ZoneInfo("UTC"))

    assert span.dates == [date(2026, 1, 31)]
    assert (span.start, span.end) == (
        datetime(2026, 1, 31, tzinfo=UTC),
        datetime(2026, 2, 1, tzinfo=UTC),
    )


def test_today_is_the_local_date(monkeypatch):
    # 20:00 UTC on 7 March is already 01:30 on 8 March in Kolkata.
    pin(monkeypatch, datetime(2026, 3, 7, 20, tzinfo=UTC))

    span = DayRange.last(2, ZoneInfo("Asia/Kolkata"))

    assert span.dates == [date(2026, 3, 7), date(2026, 3, 8)]
    assert span.start == datetime(2026, 3, 6, 18, 30, tzinfo=UTC)
    assert span.end == datetime(2026, 3, 8, 18, 30, tzinfo=UTC)
    assert span.start.utcoffset() == timedelta(0)


def test_a_day_behind_utc(monkeypatch):
    # 02:00 UTC on 1 January is still New Year's Eve in New York (UTC-5).
    pin(monkeypatch, datetime(2026, 1, 1, 2, tzinfo=UTC))

    span = DayRange.last(1, ZoneInfo("America/New_York"))

    assert span.dates == [date(2025, 12, 31)]
    assert (span.start, span.end) == (
        datetime(2025, 12, 31, 5, tzinfo=UTC),
        datetime(2026, 1, 1, 5, tzinfo=UTC),
    )


def test_daylight_saving_days_are_23_and_25_hours(monkeypatch):
    new_york = ZoneInfo("America/New_York")
    pin(monkeypatch, datetime(2026, 3, 8, 12, tzinfo=UTC))  # clocks go forward at 02:00
    spring = DayRange.last(1, new_york)
    pin(monkeypatch, datetime(2026, 11, 1, 12, tzinfo=UTC))  # clocks go back at 02:00
    autumn = DayRange.last(2, new_york)

    assert spring.dates == [date(2026, 3, 8)]
    assert (spring.start, spring.end) == (
        datetime(2026, 3, 8, 5, tzinfo=UTC),
        datetime(2026, 3, 9, 4, tzinfo=UTC),
    )
    assert spring.end - spring.start == timedelta(hours=23)
    assert autumn.dates == [date(2026, 10, 31), date(2026, 11, 1)]
    assert (autumn.start, autumn.end) == (
        datetime(2026, 10, 31, 4, tzinfo=UTC),
        datetime(2026, 11, 2, 5, tzinfo=UTC),
    )
    assert autumn.end - autumn.start == timedelta(hours=49)


def test_a_year_of_days(monkeypatch):
    pin(monkeypatch, NOW)

    span = DayRange.last(365, ZoneInfo("UTC"))

    assert len(span.dates) == len(set(span.dates)) == 365
    assert span.dates[0] == day(364)
    assert span.dates[-1] == day(0)
    assert all(b - a == timedelta(days=1) for a, b in pairwise(span.dates))
