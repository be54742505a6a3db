"""Days are calendar days in SHOP_TIMEZONE, on SQLite (quarter hours folded in Python) and on
PostgreSQL (converted in SQL) alike."""

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest

from tests.analytics.conftest import ALONE, NOW, at, day
from tests.factories import create_order, create_product, create_user
from webshop.analytics.days import DayRange, resolve
from webshop.analytics.errors import InvalidPeriod
from webshop.analytics.schemas import PeriodQuery
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


# --- DayRange.between and previous -----------------------------------------------------------


def test_between_includes_both_days():
    span = DayRange.between(date(2026, 2, 27), date(2026, 3, 2), ZoneInfo("Asia/Kolkata"))

    assert span.dates == [date(2026, 2, 27), date(2026, 2, 28), date(2026, 3, 1), date(2026, 3, 2)]
    assert span.start == datetime(2026, 2, 26, 18, 30, tzinfo=UTC)
    assert span.end == datetime(2026, 3, 2, 18, 30, tzinfo=UTC)


def test_the_previous_range_is_as_long_and_ends_the_day_before():
    march = DayRange.between(date(2024, 3, 1), date(2024, 3, 31), ZoneInfo("UTC"))

    before = march.previous()

    assert len(before.dates) == 31
    assert (before.first_day, before.last_day) == (date(2024, 1, 30), date(2024, 2, 29))
    assert before.end == march.start


def test_a_previous_range_across_a_clock_change_keeps_local_midnights():
    # 9 to 15 March 2026 in New York; the week before holds the spring-forward Sunday.
    week = DayRange.between(date(2026, 3, 9), date(2026, 3, 15), ZoneInfo("America/New_York"))

    before = week.previous()

    assert (before.first_day, before.last_day) == (date(2026, 3, 2), date(2026, 3, 8))
    assert before.start == datetime(2026, 3, 2, 5, tzinfo=UTC)  # EST
    assert before.end == week.start == datetime(2026, 3, 9, 4, tzinfo=UTC)  # EDT
    assert before.end - before.start == timedelta(days=7, hours=-1)


# --- resolve: a PeriodQuery as the days a report covers -----------------------------------

UTC_ZONE = ZoneInfo("UTC")


def resolved(default_days=30, **query):
    periods = resolve(PeriodQuery(**query), default_days=default_days, zone=UTC_ZONE)
    if periods is None:
        return None
    current = (periods.current.first_day, periods.current.last_day)
    if periods.previous is None:
        return current, None
    return current, (periods.previous.first_day, periods.previous.last_day)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ((day(29), day(0)), None)),
        ({"days": 7}, ((day(6), day(0)), None)),
        ({"date_to": day(10)}, ((day(39), day(10)), None)),
        ({"date_to": day(10), "days": 2}, ((day(11), day(10)), None)),
        ({"date_from": day(3)}, ((day(3), day(0)), None)),
        ({"date_from": day(0)}, ((day(0), day(0)), None)),
        ({"date_from": day(5), "date_to": day(5)}, ((day(5), day(5)), None)),
        ({"date_from": day(1), "date_to": day(-3)}, ((day(1), day(-3)), None)),
        ({"days": 3, "compare": "previous"}, ((day(2), day(0)), (day(5), day(3)))),
        (
            {"date_from": day(9), "date_to": day(0), "compare": "previous"},
            ((day(9), day(0)), (day(19), day(10))),
        ),
    ],
)
def test_a_period_resolves_to_its_days(monkeypatch, query, expected):
    pin(monkeypatch, NOW)

    assert resolved(**query) == expected


def test_all_time_reports_have_no_range_unless_asked(monkeypatch):
    pin(monkeypatch, NOW)

    assert resolved(default_days=None) is None
    assert resolved(default_days=None, days=7) == ((day(6), day(0)), None)
    assert resolved(default_days=None, date_from=day(3)) == ((day(3), day(0)), None)


def test_ranges_of_up_to_731_days_are_accepted(monkeypatch):
    pin(monkeypatch, NOW)

    longest = resolved(date_from=date(2024, 1, 1), date_to=date(2025, 12, 31), compare="previous")

    assert longest == (
        (date(2024, 1, 1), date(2025, 12, 31)),
        (date(2021, 12, 31), date(2023, 12, 31)),  # 2022 and 2023 have 730 days
    )


@pytest.mark.parametrize(
    ("default_days", "query", "detail"),
    [
        (30, {"days": 7, "date_from": day(3)}, "Give either days or date_from, not both."),
        (30, {"date_from": day(1), "date_to": day(2)}, "date_from is after date_to."),
        (
            30,
            {"date_from": day(-1)},
            "date_from is after today: give date_to too to see days to come.",
        ),
        (
            30,
            {"date_from": date(2024, 1, 1), "date_to": date(2026, 1, 1)},
            "A range covers at most 731 days (two years); this one has 732.",
        ),
        (
            None,
            {"compare": "previous"},
            "compare=previous needs a range (days or date_from): all-time figures have no"
            " previous period.",
        ),
        (
            None,
            {"date_to": day(3)},
            "Give date_from or days with date_to: this report has no default number of days.",
        ),
    ],
)
def test_periods_that_cannot_be_meant_are_refused(monkeypatch, default_days, query, detail):
    pin(monkeypatch, NOW)

    with pytest.raises(InvalidPeriod) as refused:
        resolved(default_days=default_days, **query)

    assert refused.value.detail == detail
    assert refused.value.code == "invalid_period"


# --- ranges bounded by local midnights, through the API -----------------------------------


def local(zone, day_, hour, minute=0, second=0):
    """A local time in `zone` as the UTC instant it is."""
    return datetime.combine(day_, time(hour, minute, second), ZoneInfo(zone)).astimezone(UTC)


# Zones and the first day of a two-day range.
MIDNIGHT_RANGES = [
    ("UTC", date(2026, 6, 10)),
    ("Asia/Kolkata", date(2026, 6, 10)),  # +05:30
    ("Asia/Kathmandu", date(2026, 6, 10)),  # +05:45
    ("America/New_York", date(2026, 1, 15)),
    ("America/New_York", date(2026, 3, 7)),  # the range ends on the 23-hour 8 March
    ("America/New_York", date(2026, 3, 8)),  # ... or begins on it
    ("America/New_York", date(2026, 10, 31)),  # ends on the 25-hour 1 November
    ("America/New_York", date(2026, 11, 1)),  # ... or begins on it
    ("Europe/Berlin", date(2026, 3, 28)),  # ends on the 23-hour 29 March
    ("Europe/Berlin", date(2026, 3, 29)),  # ... or begins on it
]


@pytest.mark.parametrize(
    ("zone", "first"),
    MIDNIGHT_RANGES,
    ids=[f"{zone}-{first}" for zone, first in MIDNIGHT_RANGES],
)
async def test_a_range_ends_at_local_midnights(
    client, settings, session, admin, admin_headers, monkeypatch, clock, zone, first
):
    """A two-day range, `first` and the day after, and paid orders (and sign-ups) one second
    before and at each local midnight that bounds it: 1.00 just before, 2.00 at the start,
    4.00 a second before the end, 8.00 at the end."""
    last, before, after = first + timedelta(days=1), first - timedelta(days=1), first + timedelta(2)
    admin.created_at = datetime(2020, 1, 1, tzinfo=UTC)
    buyer = await create_user(session)
    buyer.created_at = datetime(2020, 1, 1, tzinfo=UTC)
    item = await create_product(session, price="1.00", stock=100)
    for when, quantity in (
        (local(zone, before, 23, 59, 59), 1),
        (local(zone, first, 0), 2),
        (local(zone, last, 23, 59, 59), 4),
        (local(zone, after, 0), 8),
    ):
        await create_order(
            session, buyer, (item, quantity), status=OrderStatus.PAID, placed_at=when
        )
        user = await create_user(session)
        user.created_at = when
    await session.flush()
    set_zone(monkeypatch, settings, zone)
    query = f"date_from={first}&date_to={last}&compare=previous"

    revenue = (await client.get(f"/analytics/revenue?{query}", headers=admin_headers)).json()
    users = (await client.get(f"/analytics/users?{query}", headers=admin_headers)).json()
    dashboard = (await client.get(f"/analytics/dashboard?{query}", headers=admin_headers)).json()
    products = (await client.get(f"/analytics/products?{query}", headers=admin_headers)).json()
    later = (
        await client.get(
            f"/analytics/revenue?date_from={after}&date_to={after}", headers=admin_headers
        )
    ).json()

    assert [(p["date"], p["revenue"]) for p in revenue] == [
        (str(first), "2.00"),
        (str(last), "4.00"),
    ]
    # The day before the range is the previous period's last.
    assert [(p["previous"]["date"], p["previous"]["revenue"]) for p in revenue] == [
        (str(first - timedelta(days=2)), "0.00"),
        (str(before), "1.00"),
    ]
    assert later == [{"date": str(after), "revenue": "8.00", "paid_orders": 1, **ALONE}]
    assert [(p["signups"], p["total_users"]) for p in users["series"]] == [(1, 4), (1, 5)]
    assert users["summary"]["signups"] == 2
    assert users["previous"]["signups"] == 1
    assert (dashboard["summary"]["revenue"], dashboard["summary"]["units_sold"]) == ("6.00", 6)
    assert (dashboard["previous"]["revenue"], dashboard["previous"]["units_sold"]) == ("1.00", 1)
    assert dashboard["summary"]["new_users"] == 2
    assert dashboard["change"]["revenue"] == "500.0"
    assert dashboard["orders_by_status"]["paid"] == 2
    assert dashboard["top_sellers"][0]["units_sold"] == 6
    assert (products[0]["units_sold"], products[0]["previous"]["units_sold"]) == (6, 1)


async def test_the_repeated_hour_of_fall_back_counts_once_on_its_day(
    client, settings, session, admin, admin_headers, monkeypatch, clock
):
    """New York, 1 November 2026: 01:30 happens twice, in EDT and then in EST."""
    admin.created_at = datetime(2020, 1, 1, tzinfo=UTC)
    buyer = await create_user(session)
    buyer.created_at = datetime(2020, 1, 1, tzinfo=UTC)
    item = await create_product(session, price="1.00", stock=100)
    for when, quantity in (
        (datetime(2026, 11, 1, 3, 59, tzinfo=UTC), 1),  # 31 October 23:59 EDT
        (datetime(2026, 11, 1, 5, 30, tzinfo=UTC), 2),  # 01:30 EDT
        (datetime(2026, 11, 1, 6, 30, tzinfo=UTC), 4),  # 01:30 EST
        (datetime(2026, 11, 2, 4, 59, tzinfo=UTC), 8),  # 1 November 23:59 EST
        (datetime(2026, 11, 2, 5, 0, tzinfo=UTC), 16),  # 2 November 00:00 EST
    ):
        await create_order(
            session, buyer, (item, quantity), status=OrderStatus.PAID, placed_at=when
        )
    set_zone(monkeypatch, settings, "America/New_York")

    revenue = (
        await client.get(
            "/analytics/revenue?date_from=2026-10-31&date_to=2026-11-02", headers=admin_headers
        )
    ).json()

    assert [(p["date"], p["revenue"], p["paid_orders"]) for p in revenue] == [
        ("2026-10-31", "1.00", 1),
        ("2026-11-01", "14.00", 3),
        ("2026-11-02", "16.00", 1),
    ]
