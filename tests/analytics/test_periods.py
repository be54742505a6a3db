"""Date ranges (`date_from`/`date_to`) and `compare=previous` on the known history of
`conftest.py`: exact figures from every endpoint that takes a period, and every refusal."""

from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.analytics.conftest import (
    ALONE,
    PRODUCT_COLUMNS,
    day,
    export,
    get_json,
    period,
    span,
)
from webshop.events.models import OutboxEvent


def revenue_point(offset, revenue, paid_orders):
    return {"date": day(offset).isoformat(), "revenue": revenue, "paid_orders": paid_orders}


def orders_point(offset, orders, paid_orders, cancelled_orders):
    return {
        "date": day(offset).isoformat(),
        "orders": orders,
        "paid_orders": paid_orders,
        "cancelled_orders": cancelled_orders,
    }


# --- ranges -----------------------------------------------------------------------------


async def test_a_range_includes_its_first_and_last_day(client, history, admin_headers):
    query = f"date_from={day(29)}&date_to={day(2)}"
    revenue = await get_json(client, f"/analytics/revenue?{query}", admin_headers)
    orders = await get_json(client, f"/analytics/orders?{query}", admin_headers)

    assert [p["date"] for p in revenue] == [day(n).isoformat() for n in range(29, 1, -1)]
    assert [p["date"] for p in orders] == [p["date"] for p in revenue]
    assert revenue[0] == {**revenue_point(29, "50.00", 1), **ALONE}  # o8
    assert revenue[-1] == {**revenue_point(2, "33.00", 2), **ALONE}  # o5, o6
    assert sum(Decimal(p["revenue"]) for p in revenue) == Decimal("83.00")
    assert sum(p["orders"] for p in orders) == 5  # o5-o9; o1-o4 are today's
    assert sum(p["cancelled_orders"] for p in orders) == 1  # o7


async def test_date_to_alone_ends_the_default_number_of_days_there(client, history, admin_headers):
    revenue = await get_json(client, f"/analytics/revenue?date_to={day(2)}", admin_headers)
    two_days = await get_json(client, f"/analytics/revenue?days=2&date_to={day(29)}", admin_headers)
    users = await get_json(client, f"/analytics/users?date_to={day(7)}", admin_headers)

    assert [p["date"] for p in revenue] == [day(n).isoformat() for n in range(31, 1, -1)]
    assert [(p["revenue"], p["paid_orders"]) for p in revenue if p["paid_orders"]] == [
        ("32.50", 1),  # o10
        ("3.75", 1),  # o11
        ("50.00", 1),  # o8
        ("33.00", 2),  # o5, o6
    ]
    assert two_days == [
        {**revenue_point(30, "3.75", 1), **ALONE},
        {**revenue_point(29, "50.00", 1), **ALONE},
    ]
    assert users["days"] == 7
    assert users["period"] == period(13, 7)
    assert users["summary"] == {"signups": 1, "active_users": 5}  # eve; day 7's five
    assert [p["total_users"] for p in users["series"]] == [1, 1, 1, 1, 1, 1, 2]


async def test_date_from_alone_runs_to_today(client, history, admin_headers):
    revenue = await get_json(client, f"/analytics/revenue?date_from={day(2)}", admin_headers)
    users = await get_json(client, f"/analytics/users?date_from={day(1)}", admin_headers)

    assert revenue == [
        {**revenue_point(2, "33.00", 2), **ALONE},
        {**revenue_point(1, "0.00", 0), **ALONE},
        {**revenue_point(0, "55.25", 2), **ALONE},
    ]
    assert users["period"] == period(1, 0)
    assert users["summary"] == {"signups": 3, "active_users": 4}  # ben, cy, ann; 1 + 3


async def test_days_to_come_are_zero_filled(client, history, admin_headers):
    revenue = await get_json(
        client, f"/analytics/revenue?date_from={day(0)}&date_to={day(-2)}", admin_headers
    )

    assert revenue == [
        {**revenue_point(0, "55.25", 2), **ALONE},
        {**revenue_point(-1, "0.00", 0), **ALONE},
        {**revenue_point(-2, "0.00", 0), **ALONE},
    ]


async def test_a_range_may_span_731_days(client, history, admin_headers):
    query = f"date_from={day(730)}&date_to={day(0)}"
    revenue = await get_json(client, f"/analytics/revenue?{query}", admin_headers)
    users = await get_json(client, f"/analytics/users?{query}", admin_headers)

    assert len(revenue) == 731
    assert (revenue[0]["date"], revenue[-1]["date"]) == (day(730).isoformat(), day(0).isoformat())
    assert sum(Decimal(p["revenue"]) for p in revenue) == Decimal("174.50")
    assert sum(p["paid_orders"] for p in revenue) == 7
    assert users["period"] == period(730, 0)
    assert users["summary"] == {"signups": 6, "active_users": 11}


async def test_products_in_a_range_count_its_paid_orders_and_views(client, history, admin_headers):
    query = f"date_from={day(31)}&date_to={day(30)}"
    response = await client.get(f"/analytics/products?{query}", headers=admin_headers)
    by_views = await get_json(client, f"/analytics/products?{query}&sort=views", admin_headers)
    p = history.products

    assert response.headers["x-total-count"] == "5"
    body = response.json()
    # o10 (kettle 1 + Atlas 1) and o11 (Pen 3); all time Atlas would lead and the kettle trail.
    assert [item["product_id"] for item in body] == [
        p[key].id for key in ("kettle", "atlas", "pen", "mug", "lamp")
    ]
    assert [
        (item["units_sold"], item["revenue"], item["order_count"], item["views"]) for item in body
    ] == [(1, "20.00", 1, 0), (1, "12.50", 1, 0), (3, "3.75", 1, 0), *[(0, "0.00", 0, 0)] * 2]
    # Ratings are all time whatever the range.
    assert [item["average_rating"] for item in body] == [None, 4.5, 4.33, 3.0, None]
    # Nobody viewed anything on those days: by views is by id.
    assert [item["product_id"] for item in by_views] == [
        p[key].id for key in ("atlas", "mug", "pen", "lamp", "kettle")
    ]


# --- compare=previous ----------------------------------------------------------------------


async def test_revenue_beside_the_previous_period(client, history, admin_headers):
    points = await get_json(client, "/analytics/revenue?days=15&compare=previous", admin_headers)

    assert [p["date"] for p in points] == [day(n).isoformat() for n in range(14, -1, -1)]
    assert [p["previous"]["date"] for p in points] == [
        day(n).isoformat() for n in range(29, 14, -1)
    ]
    # Day 14 beside day 29 (o8): down 100 %.
    assert points[0] == {
        **revenue_point(14, "0.00", 0),
        "previous": revenue_point(29, "50.00", 1),
        "change": {"revenue": "-100.0", "paid_orders": "-100.0"},
    }
    # Today beside day 15, when nothing was sold: no percentage.
    assert points[-1] == {
        **revenue_point(0, "55.25", 2),
        "previous": revenue_point(15, "0.00", 0),
        "change": {"revenue": None, "paid_orders": None},
    }


async def test_a_change_is_negative_zero_or_null(client, history, admin_headers):
    query = f"days=1&date_to={day(30)}&compare=previous"
    revenue = await get_json(client, f"/analytics/revenue?{query}", admin_headers)
    orders = await get_json(client, f"/analytics/orders?{query}", admin_headers)

    # Day 30 (o11, 3.75) beside day 31 (o10, 32.50): (3.75 - 32.50) / 32.50 = -88.46 %.
    assert revenue == [
        {
            **revenue_point(30, "3.75", 1),
            "previous": revenue_point(31, "32.50", 1),
            "change": {"revenue": "-88.5", "paid_orders": "0.0"},
        }
    ]
    assert orders == [
        {
            **orders_point(30, 1, 1, 0),
            "previous": orders_point(31, 1, 1, 0),
            "change": {"orders": "0.0", "paid_orders": "0.0", "cancelled_orders": None},
        }
    ]


async def test_orders_beside_the_previous_period(client, history, admin_headers):
    points = await get_json(client, "/analytics/orders?days=15&compare=previous", admin_headers)

    # Day 14 beside day 29 (o8 delivered, o9 pending); day 2 (o5-o7) beside day 17 (nothing).
    assert points[0] == {
        **orders_point(14, 0, 0, 0),
        "previous": orders_point(29, 2, 1, 0),
        "change": {"orders": "-100.0", "paid_orders": "-100.0", "cancelled_orders": None},
    }
    assert points[12]["date"] == day(2).isoformat()
    assert (points[12]["orders"], points[12]["previous"]["orders"]) == (3, 0)
    assert points[12]["change"] == {"orders": None, "paid_orders": None, "cancelled_orders": None}


async def test_users_beside_the_previous_period(client, history, admin_headers):
    body = await get_json(client, "/analytics/users?days=7&compare=previous", admin_headers)

    assert body["period"] == period(6, 0)
    assert body["previous_period"] == period(13, 7)
    # This week: dee, ben, cy, ann signed up; 6 distinct users active (days 0, 1, 3).
    # The week before: eve; the 5 users of day 7.
    assert body["summary"] == {"signups": 4, "active_users": 6}
    assert body["previous"] == {"signups": 1, "active_users": 5}
    assert body["change"] == {"signups": "300.0", "active_users": "20.0"}
    assert body["total_users"] == 6
    assert [(p["date"], p["previous"]["date"]) for p in body["series"]] == [
        (day(n).isoformat(), day(n + 7).isoformat()) for n in range(6, -1, -1)
    ]
    # Accounts: adam before both weeks, eve on day 7, dee on day 6, ben and cy, ann.
    assert [p["total_users"] for p in body["series"]] == [3, 3, 3, 3, 3, 5, 6]
    assert [p["previous"]["total_users"] for p in body["series"]] == [1, 1, 1, 1, 1, 1, 2]
    assert body["series"][0] == {
        "date": day(6).isoformat(),
        "signups": 1,
        "active_users": 0,
        "total_users": 3,
        "previous": {
            "date": day(13).isoformat(),
            "signups": 0,
            "active_users": 0,
            "total_users": 1,
        },
        "change": {"signups": None, "active_users": None, "total_users": "200.0"},
    }
    assert body["series"][-1]["change"] == {
        "signups": "0.0",  # ann today, eve on day 7
        "active_users": "-40.0",  # 3 against 5
        "total_users": "200.0",  # 6 against 2
    }


# A product that sold nothing and was not viewed in the previous period: no percentages.
NOTHING_BEFORE = {
    "previous": {
        "units_sold": 0,
        "revenue": "0.00",
        "order_count": 0,
        "views": 0,
        "conversion": None,
    },
    "change": dict.fromkeys(("units_sold", "revenue", "order_count", "views", "conversion")),
}
# Products over the last 30 days (o1-o9) beside the 30 before (o10, o11; Atlas's 30 views
# of day 40). Ratings are all time.
PRODUCTS_COMPARED = {
    "atlas": {
        "units_sold": 7,  # o1 2 + o5 1 + o8 4
        "revenue": "87.50",
        "order_count": 3,
        "views": 50,  # today 30 + day 2 20
        "conversion": "0.0600",
        "previous": {
            "units_sold": 1,  # o10
            "revenue": "12.50",
            "order_count": 1,
            "views": 30,
            "conversion": "0.0333",
        },
        "change": {
            "units_sold": "600.0",
            "revenue": "600.0",
            "order_count": "200.0",
            "views": "66.7",  # 20 / 30
            "conversion": "80.2",  # (0.0600 - 0.0333) / 0.0333
        },
    },
    "mug": {
        "units_sold": 4,
        "revenue": "32.00",
        "order_count": 2,
        "views": 9,
        "conversion": "0.2222",
        **NOTHING_BEFORE,
    },
    "pen": {
        "units_sold": 15,  # o1 4 + o4 1 + o6 10
        "revenue": "18.75",
        "order_count": 3,
        "views": 12,  # day 1 7 + day 29 5
        "conversion": "0.2500",
        "previous": {
            "units_sold": 3,  # o11
            "revenue": "3.75",
            "order_count": 1,
            "views": 0,
            "conversion": None,
        },
        "change": {
            "units_sold": "400.0",
            "revenue": "400.0",
            "order_count": "200.0",
            "views": None,
            "conversion": None,
        },
    },
    "lamp": {
        "units_sold": 0,
        "revenue": "0.00",
        "order_count": 0,
        "views": 25,
        "conversion": "0.0000",
        **NOTHING_BEFORE,
    },
    "kettle": {
        "units_sold": 0,
        "revenue": "0.00",
        "order_count": 0,
        "views": 0,
        "conversion": None,
        "previous": {
            "units_sold": 1,  # o10
            "revenue": "20.00",
            "order_count": 1,
            "views": 0,
            "conversion": None,
        },
        "change": {
            "units_sold": "-100.0",
            "revenue": "-100.0",
            "order_count": "-100.0",
            "views": None,
            "conversion": None,
        },
    },
}
RATINGS = {
    "atlas": (4.5, 2),
    "mug": (3.0, 1),
    "pen": (4.33, 3),
    "lamp": (None, 0),
    "kettle": (None, 0),
}


def product(key, history):
    item = history.products[key]
    rating, reviews = RATINGS[key]
    return {
        "product_id": item.id,
        "name": item.name,
        "category": item.category,
        "is_active": key != "kettle",
        "average_rating": rating,
        "review_count": reviews,
        **PRODUCTS_COMPARED[key],
    }


async def test_products_beside_the_previous_period(client, history, admin_headers):
    response = await client.get(
        "/analytics/products?days=30&compare=previous", headers=admin_headers
    )
    page = await get_json(
        client, "/analytics/products?days=30&compare=previous&skip=3&limit=1", admin_headers
    )

    assert response.status_code == 200
    assert response.headers["x-total-count"] == "5"
    # By revenue in the 30 days; lamp and kettle sold nothing: by id.
    keys = ("atlas", "mug", "pen", "lamp", "kettle")
    assert response.json() == [product(key, history) for key in keys]
    assert page == [product("lamp", history)]


async def test_dashboard_beside_the_previous_period(client, history, admin_headers):
    body = await get_json(client, "/analytics/dashboard?days=15&compare=previous", admin_headers)
    revenue = await get_json(client, "/analytics/revenue?days=15&compare=previous", admin_headers)
    orders = await get_json(client, "/analytics/orders?days=15&compare=previous", admin_headers)

    assert body["period"] == period(14, 0)
    assert body["previous_period"] == period(29, 15)
    assert body["summary"] == {
        "revenue": "88.25",  # o1 30.00 + o4 25.25 + o5 20.50 + o6 12.50
        "orders": 7,  # o1-o7
        "paid_orders": 4,
        "cancelled_orders": 2,  # o3, o7
        "average_order_value": "22.06",  # 88.25 / 4 = 22.0625
        "units_sold": 22,  # o1 6 + o4 4 + o5 2 + o6 10
        "new_users": 5,  # all but adam
        "active_users": 11,
    }
    assert body["previous"] == {
        "revenue": "50.00",  # o8
        "orders": 2,  # o8, o9
        "paid_orders": 1,
        "cancelled_orders": 0,
        "average_order_value": "50.00",
        "units_sold": 4,
        "new_users": 0,
        "active_users": 0,
    }
    assert body["change"] == {
        "revenue": "76.5",
        "orders": "250.0",
        "paid_orders": "300.0",
        "cancelled_orders": None,
        "average_order_value": "-55.9",  # 22.06 against 50.00
        "units_sold": "450.0",
        "new_users": None,
        "active_users": None,
    }
    assert body["orders_by_status"] == {
        "pending": 1,  # o2
        "paid": 2,  # o1, o6
        "shipped": 1,  # o4
        "delivered": 1,  # o5
        "cancelled": 2,  # o3, o7
    }
    assert body["revenue"] == revenue
    assert body["orders"] == orders
    # Top sellers of the 15 days only: o8's four Atlases are older.
    assert [
        (seller["name"], seller["units_sold"], seller["revenue"]) for seller in body["top_sellers"]
    ] == [("Atlas", 3, "37.50"), ("Mug", 4, "32.00"), ("Pen", 15, "18.75")]
    assert body["overview"]["total_revenue"] == "174.50"  # all time whatever the period


async def test_a_dashboard_period_with_nothing_in_it(client, history, admin_headers):
    body = await get_json(
        client,
        f"/analytics/dashboard?date_from={day(20)}&date_to={day(16)}&compare=previous",
        admin_headers,
    )

    assert body["summary"] == body["previous"]
    assert body["summary"] == {
        "revenue": "0.00",
        "orders": 0,
        "paid_orders": 0,
        "cancelled_orders": 0,
        "average_order_value": "0.00",
        "units_sold": 0,
        "new_users": 0,
        "active_users": 0,
    }
    assert set(body["change"].values()) == {None}
    assert set(body["orders_by_status"].values()) == {0}
    assert body["top_sellers"] == []


# --- CSV ------------------------------------------------------------------------------------


async def test_export_series_beside_the_previous_period(client, history, admin_headers):
    revenue = await export(
        client,
        admin_headers,
        f"report=revenue&days=1&date_to={day(30)}&compare=previous",
        named=span(30, 30),
    )
    orders = await export(
        client, admin_headers, "report=orders&days=15&compare=previous", named=span(14, 0)
    )

    assert [",".join(row) for row in revenue] == [
        "date,revenue,paid_orders,previous_date,previous_revenue,previous_paid_orders,"
        "revenue_change_pct,paid_orders_change_pct",
        f"{day(30)},3.75,1,{day(31)},32.50,1,-88.5,0.0",
    ]
    assert orders[0] == [
        "date",
        "orders",
        "paid_orders",
        "cancelled_orders",
        "previous_date",
        "previous_orders",
        "previous_paid_orders",
        "previous_cancelled_orders",
        "orders_change_pct",
        "paid_orders_change_pct",
        "cancelled_orders_change_pct",
    ]
    assert len(orders) == 16
    assert ",".join(orders[1]) == f"{day(14)},0,0,0,{day(29)},2,1,0,-100.0,-100.0,"


async def test_export_users(client, history, admin_headers):
    month = await export(client, admin_headers, "report=users&days=30", named=span(29, 0))
    default = await export(client, admin_headers, "report=users", named=span(6, 0))
    week = await export(
        client, admin_headers, "report=users&days=7&compare=previous", named=span(6, 0)
    )

    assert month[0] == ["date", "signups", "active_users", "total_users"]
    assert len(month) == 31
    assert default == [month[0], *month[-7:]]  # a week, as GET /analytics/users
    assert [",".join(row) for row in month[-2:]] == [f"{day(1)},2,1,5", f"{day(0)},1,3,6"]
    assert week[0] == [
        "date",
        "signups",
        "active_users",
        "total_users",
        "previous_date",
        "previous_signups",
        "previous_active_users",
        "previous_total_users",
        "signups_change_pct",
        "active_users_change_pct",
        "total_users_change_pct",
    ]
    assert ",".join(week[1]) == f"{day(6)},1,0,3,{day(13)},0,0,1,,,200.0"
    assert ",".join(week[-1]) == f"{day(0)},1,3,6,{day(7)},1,5,2,0.0,-40.0,200.0"


async def test_export_products_beside_the_previous_period(client, history, admin_headers):
    rows = await export(
        client, admin_headers, "report=products&days=30&compare=previous", named=span(29, 0)
    )
    p = history.products

    assert rows[0] == [
        *PRODUCT_COLUMNS,
        "previous_units_sold",
        "previous_revenue",
        "previous_order_count",
        "previous_views",
        "previous_conversion",
        "units_sold_change_pct",
        "revenue_change_pct",
        "order_count_change_pct",
        "views_change_pct",
        "conversion_change_pct",
    ]
    assert [row[0] for row in rows[1:]] == [
        str(p[key].id) for key in ("atlas", "mug", "pen", "lamp", "kettle")
    ]
    # Atlas: figures, rating, previous figures, changes.
    assert ",".join(rows[1][3:]) == (
        "7,87.50,3,50,0.0600,4.5,2,1,12.50,1,30,0.0333,600.0,600.0,200.0,66.7,80.2"
    )
    # The kettle: no conversion (no views) and no rating.
    assert ",".join(rows[5][3:]) == "0,0.00,0,0,,,0,1,20.00,1,0,,-100.0,-100.0,-100.0,,"


async def test_export_products_in_a_range(client, history, admin_headers):
    rows = await export(
        client,
        admin_headers,
        f"report=products&date_from={day(31)}&date_to={day(30)}",
        named=span(31, 30),
    )

    assert rows[0] == PRODUCT_COLUMNS
    assert [row[1] for row in rows[1:]] == ["Old kettle", "Atlas", "Pen", "Mug", "lamp"]
    assert ",".join(rows[1][3:7]) == "1,20.00,1,0"


async def test_export_customers_ignores_the_period(client, history, admin_headers):
    everything = await export(client, admin_headers, "report=customers")
    ranged = await export(client, admin_headers, "report=customers&days=3&compare=previous")

    assert ranged == everything
    assert len(everything) == 6


# --- refusals -------------------------------------------------------------------------------

PERIOD_PATHS = [
    "/analytics/revenue?",
    "/analytics/orders?",
    "/analytics/users?",
    "/analytics/products?",
    "/analytics/dashboard?",
    "/analytics/export?report=revenue&",
    "/analytics/export?report=users&",
    "/analytics/export?report=products&",
]
# One of each way a range is worked out: series, users, products (all time by default), and
# the dashboard and the export, which resolve it their own way. Every endpoint takes the same
# query model: a malformed value is refused by each (checked once per endpoint below).
RESOLVING_PATHS = [
    "/analytics/revenue?",
    "/analytics/users?",
    "/analytics/products?",
    "/analytics/dashboard?",
    "/analytics/export?report=users&",
]
INVALID_PERIODS = [
    (f"days=7&date_from={day(3)}", "Give either days or date_from, not both."),
    (f"date_from={day(1)}&date_to={day(2)}", "date_from is after date_to."),
    (
        f"date_from={day(-1)}",
        "date_from is after today: give date_to too to see days to come.",
    ),
    (
        f"date_from={day(731)}&date_to={day(0)}",
        "A range covers at most 731 days (two years); this one has 732.",
    ),
    (
        f"date_from={day(731)}&date_to={day(0)}&compare=previous",
        "A range covers at most 731 days (two years); this one has 732.",
    ),
]


@pytest.mark.parametrize("path", RESOLVING_PATHS)
@pytest.mark.parametrize(("query", "detail"), INVALID_PERIODS)
async def test_an_impossible_range_is_refused(client, admin_headers, clock, path, query, detail):
    response = await client.get(path + query, headers=admin_headers)

    assert response.status_code == 422
    assert response.json() == {"detail": detail, "code": "invalid_period"}


@pytest.mark.parametrize("path", ["/analytics/products?", "/analytics/export?report=products&"])
@pytest.mark.parametrize(
    ("query", "detail"),
    [
        (
            "compare=previous",
            "compare=previous needs a range (days or date_from): all-time figures have no"
            " previous period.",
        ),
        (
            f"date_to={day(3)}",
            "Give date_from or days with date_to: this report has no default number of days.",
        ),
    ],
)
async def test_products_need_a_range_to_compare_or_to_end(
    client, admin_headers, clock, path, query, detail
):
    response = await client.get(path + query, headers=admin_headers)

    assert response.status_code == 422
    assert response.json() == {"detail": detail, "code": "invalid_period"}


@pytest.mark.parametrize(
    ("path", "query", "field"),
    [
        *[(path, "compare=next", "compare") for path in PERIOD_PATHS],
        ("/analytics/revenue?", "date_from=2026-02-30", "date_from"),
        ("/analytics/revenue?", "date_from=yesterday", "date_from"),
        ("/analytics/revenue?", "date_from=1899-12-31", "date_from"),
        ("/analytics/revenue?", "date_to=9999-01-01", "date_to"),
        ("/analytics/revenue?", "date_to=10000-01-01", "date_to"),
        ("/analytics/revenue?", "date_to=2026-03-01T10:00", "date_to"),
        ("/analytics/revenue?", "days=0&date_to=2026-03-01", "days"),
        ("/analytics/revenue?", "days=366&date_to=2026-03-01", "days"),
    ],
)
async def test_a_malformed_period_is_a_validation_error(
    client, admin_headers, clock, path, query, field
):
    response = await client.get(path + query, headers=admin_headers)

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert [error["loc"] for error in body["errors"]] == [["query", field]]


@pytest.mark.parametrize("path", RESOLVING_PATHS)
@pytest.mark.parametrize(
    "query",
    [
        "date_from=1900-01-01&date_to=1901-12-31&compare=previous",
        "date_from=9997-01-02&date_to=9998-12-31&compare=previous",
        "days=365&date_to=9998-12-31&compare=previous",
        "days=1&date_to=1900-01-01&compare=previous",
    ],
)
async def test_the_edges_of_the_calendar_are_answered(client, admin_headers, clock, path, query):
    response = await client.get(path + query, headers=admin_headers)

    assert response.status_code == 200, response.text


async def test_a_refused_period_records_no_dashboard_visit(client, session, admin_headers, clock):
    response = await client.get(
        f"/analytics/dashboard?date_from={day(1)}&date_to={day(2)}", headers=admin_headers
    )

    assert response.status_code == 422
    assert (await session.scalars(select(OutboxEvent))).all() == []
