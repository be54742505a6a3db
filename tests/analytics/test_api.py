"""The analytics API on a known history: exact figures from every endpoint.

The expected numbers are worked out by hand from the history in `conftest.py`.
"""

from datetime import datetime

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
from tests.factories import create_product, write_views
from webshop.analytics import service
from webshop.events.models import OutboxEvent

ZERO_REVENUE = {"revenue": "0.00", "paid_orders": 0, **ALONE}
ZERO_ORDERS = {"orders": 0, "paid_orders": 0, "cancelled_orders": 0, **ALONE}

# Per product, over paid, shipped and delivered orders (see the history's docstring).
PRODUCTS = {
    "atlas": {
        "name": "Atlas",
        "category": "books",
        "is_active": True,
        "units_sold": 8,  # o1 2 + o5 1 + o8 4 + o10 1 (o3 cancelled)
        "revenue": "100.00",
        "order_count": 4,
        "views": 80,
        "conversion": "0.0500",  # 4 / 80
        "average_rating": 4.5,
        "review_count": 2,
    },
    "mug": {
        "name": "Mug",
        "category": "kitchen",
        "is_active": True,
        "units_sold": 4,  # o4 3 + o5 1 (o2 pending, o7 cancelled)
        "revenue": "32.00",
        "order_count": 2,
        "views": 9,
        "conversion": "0.2222",  # 2 / 9
        "average_rating": 3.0,
        "review_count": 1,
    },
    "pen": {
        "name": "Pen",
        "category": "office",
        "is_active": True,
        "units_sold": 18,  # o1 4 + o4 1 + o6 10 + o11 3 (o9 pending)
        "revenue": "22.50",
        "order_count": 4,
        "views": 12,
        "conversion": "0.3333",  # 4 / 12
        "average_rating": 4.33,
        "review_count": 3,
    },
    "lamp": {
        "name": "lamp",
        "category": "home",
        "is_active": True,
        "units_sold": 0,
        "revenue": "0.00",
        "order_count": 0,
        "views": 25,
        "conversion": "0.0000",
        "average_rating": None,
        "review_count": 0,
    },
    "kettle": {
        "name": "Old kettle",
        "category": "kitchen",
        "is_active": False,
        "units_sold": 1,  # o10, 31 days ago: products are not limited to a window
        "revenue": "20.00",
        "order_count": 1,
        "views": 0,
        "conversion": None,
        "average_rating": None,
        "review_count": 0,
    },
}


def orders_point(offset, **figures):
    return {"date": day(offset).isoformat(), **figures, **ALONE}


def series(points, date_offsets):
    """The points of a daily series on the given days (offsets from today), keyed by offset."""
    by_date = {point["date"]: point for point in points}
    return {offset: by_date[day(offset).isoformat()] for offset in date_offsets}


# --- overview ---------------------------------------------------------------------------


async def test_overview(client, history, admin_headers):
    body = await get_json(client, "/analytics/overview", admin_headers)

    assert body == {
        "total_revenue": "174.50",
        "total_orders": 11,
        "paid_orders": 7,
        "total_users": 6,
        "total_customers": 5,
        "total_products": 4,  # the inactive kettle is not for sale
        "today_orders": 4,  # o1-o4, whatever their status
        "today_revenue": "55.25",  # o1 30.00 + o4 25.25
        "average_order_value": "24.93",  # 174.50 / 7 = 24.928...
    }


async def test_the_products_for_sale_follow_each_change_at_once(
    client, session, history, admin_headers
):
    """The overview reads the catalog's counts, which every product change keeps in step."""

    async def for_sale() -> int:
        return int((await get_json(client, "/analytics/overview", admin_headers))["total_products"])

    assert await for_sale() == 4
    vase = await create_product(session, name="Vase", category=None, stock=0)
    assert await for_sale() == 5  # without a category or stock, still for sale
    vase.is_active = False
    await session.flush()
    assert await for_sale() == 4
    vase.is_active, vase.category, vase.stock = True, "home", 3
    await session.flush()
    assert await for_sale() == 5


async def test_overview_of_an_empty_shop(client, admin, admin_headers, clock):
    body = await get_json(client, "/analytics/overview", admin_headers)

    assert body == {
        "total_revenue": "0.00",
        "total_orders": 0,
        "paid_orders": 0,
        "total_users": 1,
        "total_customers": 0,
        "total_products": 0,
        "today_orders": 0,
        "today_revenue": "0.00",
        "average_order_value": "0.00",
    }


# --- daily revenue and orders -----------------------------------------------------------


async def test_revenue_series(client, history, admin_headers):
    points = await get_json(client, "/analytics/revenue?days=30", admin_headers)

    assert len(points) == 30
    assert points[0]["date"] == day(29).isoformat()
    assert points[-1]["date"] == day(0).isoformat()
    assert [p["date"] for p in points] == [day(n).isoformat() for n in range(29, -1, -1)]
    assert series(points, (0, 2, 29)) == {
        0: {"date": day(0).isoformat(), "revenue": "55.25", "paid_orders": 2, **ALONE},  # o1, o4
        2: {"date": day(2).isoformat(), "revenue": "33.00", "paid_orders": 2, **ALONE},  # o5, o6
        29: {"date": day(29).isoformat(), "revenue": "50.00", "paid_orders": 1, **ALONE},  # o8
    }
    quiet = [p for p in points if p["date"] not in {day(n).isoformat() for n in (0, 2, 29)}]
    assert len(quiet) == 27
    assert all({k: v for k, v in p.items() if k != "date"} == ZERO_REVENUE for p in quiet)


async def test_revenue_defaults_to_30_days(client, history, admin_headers):
    points = await get_json(client, "/analytics/revenue", admin_headers)

    assert len(points) == 30
    assert points[0]["date"] == day(29).isoformat()


async def test_revenue_window_edges(client, history, admin_headers):
    one = await get_json(client, "/analytics/revenue?days=1", admin_headers)
    thirty_one = await get_json(client, "/analytics/revenue?days=31", admin_headers)
    thirty_two = await get_json(client, "/analytics/revenue?days=32", admin_headers)
    year = await get_json(client, "/analytics/revenue?days=365", admin_headers)

    assert one == [{"date": day(0).isoformat(), "revenue": "55.25", "paid_orders": 2, **ALONE}]
    assert thirty_one[0] == {
        "date": day(30).isoformat(),
        "revenue": "3.75",
        "paid_orders": 1,
        **ALONE,
    }
    assert thirty_two[0] == {
        "date": day(31).isoformat(),
        "revenue": "32.50",
        "paid_orders": 1,
        **ALONE,
    }
    assert len(year) == 365
    assert year[0]["date"] == day(364).isoformat()
    assert sum(int(p["paid_orders"]) for p in year) == 7
    assert sum(float(p["revenue"]) for p in year) == pytest.approx(174.50)


async def test_orders_series(client, history, admin_headers):
    points = await get_json(client, "/analytics/orders?days=30", admin_headers)

    assert len(points) == 30
    assert points[0]["date"] == day(29).isoformat()
    assert points[-1]["date"] == day(0).isoformat()
    assert series(points, (0, 2, 29)) == {
        # o1 paid, o2 pending, o3 cancelled, o4 shipped
        0: orders_point(0, orders=4, paid_orders=2, cancelled_orders=1),
        # o5 delivered, o6 paid, o7 cancelled
        2: orders_point(2, orders=3, paid_orders=2, cancelled_orders=1),
        # o8 delivered, o9 pending
        29: orders_point(29, orders=2, paid_orders=1, cancelled_orders=0),
    }
    quiet = [p for p in points if p["date"] not in {day(n).isoformat() for n in (0, 2, 29)}]
    assert all({k: v for k, v in p.items() if k != "date"} == ZERO_ORDERS for p in quiet)
    assert sum(p["orders"] for p in points) == 9  # o10 and o11 are older than 30 days


async def test_series_of_an_empty_shop_are_zero_filled(client, admin_headers, clock):
    revenue = await get_json(client, "/analytics/revenue?days=7", admin_headers)
    orders = await get_json(client, "/analytics/orders?days=7", admin_headers)

    assert revenue == [{"date": day(n).isoformat(), **ZERO_REVENUE} for n in range(6, -1, -1)]
    assert orders == [{"date": day(n).isoformat(), **ZERO_ORDERS} for n in range(6, -1, -1)]


@pytest.mark.parametrize("path", ["revenue", "orders", "users", "export?report=revenue&"])
@pytest.mark.parametrize("days", ["0", "366", "x", "-1"])
async def test_days_outside_1_to_365_are_422(client, admin_headers, path, days):
    separator = "" if path.endswith("&") else "?"
    response = await client.get(f"/analytics/{path}{separator}days={days}", headers=admin_headers)

    assert response.status_code == 422, response.text


# --- users --------------------------------------------------------------------------------


async def test_users(client, history, admin_headers):
    body = await get_json(client, "/analytics/users?days=7", admin_headers)

    assert body["days"] == 7
    assert body["period"] == period(6, 0)
    assert body["previous_period"] is None
    # Sign-ups: dee, ben, cy, ann; active: the 3 + 1 + 2 distinct users of days 0, 1 and 3.
    assert body["summary"] == {"signups": 4, "active_users": 6}
    assert body["previous"] is None
    assert body["change"] is None
    assert body["total_users"] == 6
    assert body["by_role"] == {"customer": 5, "admin": 1}
    # Accounts at the end of each day: adam and eve before the week, then dee, ben and cy, ann.
    assert body["series"] == [
        {"date": day(6).isoformat(), "signups": 1, "active_users": 0, "total_users": 3, **ALONE},
        {"date": day(5).isoformat(), "signups": 0, "active_users": 0, "total_users": 3, **ALONE},
        {"date": day(4).isoformat(), "signups": 0, "active_users": 0, "total_users": 3, **ALONE},
        {"date": day(3).isoformat(), "signups": 0, "active_users": 2, "total_users": 3, **ALONE},
        {"date": day(2).isoformat(), "signups": 0, "active_users": 0, "total_users": 3, **ALONE},
        {"date": day(1).isoformat(), "signups": 2, "active_users": 1, "total_users": 5, **ALONE},
        {"date": day(0).isoformat(), "signups": 1, "active_users": 3, "total_users": 6, **ALONE},
    ]


async def test_users_default_window_and_a_longer_one(client, history, admin_headers):
    week = await get_json(client, "/analytics/users", admin_headers)
    eight = await get_json(client, "/analytics/users?days=8", admin_headers)
    fifty = await get_json(client, "/analytics/users?days=50", admin_headers)

    assert week["days"] == 7
    assert len(week["series"]) == 7
    assert eight["series"][0] == {
        "date": day(7).isoformat(),
        "signups": 1,
        "active_users": 5,
        "total_users": 2,  # adam and eve
        **ALONE,
    }
    assert sum(p["signups"] for p in fifty["series"]) == 6  # adam joined 40 days ago
    assert sum(p["active_users"] for p in fifty["series"]) == 11
    assert [fifty["series"][n]["total_users"] for n in (0, 8, 9, -1)] == [0, 0, 1, 6]


# --- products -----------------------------------------------------------------------------


def expected(*keys, history):
    return [{"product_id": history.products[key].id, **PRODUCTS[key], **ALONE} for key in keys]


async def test_products_by_revenue_with_every_figure(client, history, admin_headers):
    response = await client.get("/analytics/products", headers=admin_headers)

    assert response.status_code == 200
    assert response.headers["x-total-count"] == "5"
    assert response.json() == expected("atlas", "mug", "pen", "kettle", "lamp", history=history)


@pytest.mark.parametrize(
    ("sort", "keys"),
    [
        ("revenue", ["atlas", "mug", "pen", "kettle", "lamp"]),
        ("units", ["pen", "atlas", "mug", "kettle", "lamp"]),
        # Atlas and Pen both have 4 orders: the lower id (Atlas) first.
        ("orders", ["atlas", "pen", "mug", "kettle", "lamp"]),
        ("views", ["atlas", "lamp", "pen", "mug", "kettle"]),
        # Without views there is no conversion: last.
        ("conversion", ["pen", "mug", "atlas", "lamp", "kettle"]),
        # Without reviews there is no rating: last, by id.
        ("rating", ["atlas", "pen", "mug", "lamp", "kettle"]),
        # By name regardless of case.
        ("name", ["atlas", "lamp", "mug", "kettle", "pen"]),
    ],
)
async def test_product_sort_orders(client, history, admin_headers, sort, keys):
    body = await get_json(client, f"/analytics/products?sort={sort}", admin_headers)

    assert [p["product_id"] for p in body] == [history.products[k].id for k in keys]


@pytest.mark.parametrize(
    ("sort", "keys"),
    [
        ("revenue", ["lamp", "kettle", "pen", "mug", "atlas"]),
        ("units", ["lamp", "kettle", "mug", "atlas", "pen"]),
        # Ties still go by id, whichever the direction.
        ("orders", ["lamp", "kettle", "mug", "atlas", "pen"]),
        # What has no conversion or rating comes last in either direction.
        ("conversion", ["lamp", "atlas", "mug", "pen", "kettle"]),
        ("rating", ["mug", "pen", "atlas", "lamp", "kettle"]),
    ],
)
async def test_product_sort_lowest_first(client, history, admin_headers, sort, keys):
    body = await get_json(client, f"/analytics/products?sort={sort}&order=asc", admin_headers)

    assert [p["product_id"] for p in body] == [history.products[k].id for k in keys]


async def test_products_by_name_backwards(client, history, admin_headers):
    body = await get_json(client, "/analytics/products?sort=name&order=desc", admin_headers)
    explicit = await get_json(client, "/analytics/products?sort=revenue&order=desc", admin_headers)
    default = await get_json(client, "/analytics/products", admin_headers)

    keys = ["pen", "kettle", "mug", "lamp", "atlas"]
    assert [p["product_id"] for p in body] == [history.products[k].id for k in keys]
    assert explicit == default


async def test_product_pagination(client, history, admin_headers):
    page = await client.get("/analytics/products?skip=1&limit=2", headers=admin_headers)
    last = await client.get("/analytics/products?skip=4&limit=2", headers=admin_headers)
    beyond = await client.get("/analytics/products?skip=10", headers=admin_headers)

    assert page.headers["x-total-count"] == "5"
    assert page.json() == expected("mug", "pen", history=history)
    assert last.json() == expected("lamp", history=history)
    assert beyond.json() == []
    assert beyond.headers["x-total-count"] == "5"
    for query in ("sort=price", "order=up", "limit=0", "limit=101", "skip=-1"):
        response = await client.get(f"/analytics/products?{query}", headers=admin_headers)
        assert response.status_code == 422, query


# --- dashboard ----------------------------------------------------------------------------


async def test_dashboard(app, client, session, history, admin, admin_headers):
    body = await get_json(client, "/analytics/dashboard", admin_headers)
    overview = await get_json(client, "/analytics/overview", admin_headers)
    revenue = await get_json(client, "/analytics/revenue?days=30", admin_headers)
    orders = await get_json(client, "/analytics/orders?days=30", admin_headers)

    assert body["period"] == period(29, 0)
    assert body["previous_period"] is None
    # The last 30 days: o1-o9 (o10 and o11 are older).
    assert body["summary"] == {
        "revenue": "138.25",  # 55.25 + 33.00 + 50.00
        "orders": 9,
        "paid_orders": 5,  # o1, o4, o5, o6, o8
        "cancelled_orders": 2,  # o3, o7
        "average_order_value": "27.65",  # 138.25 / 5
        "units_sold": 26,  # o1 6 + o4 4 + o5 2 + o6 10 + o8 4
        "new_users": 5,  # all but adam (40 days ago)
        "active_users": 11,  # 3 + 1 + 2 + 5 distinct users on days 0, 1, 3, 7
    }
    assert body["previous"] is None
    assert body["change"] is None
    assert body["orders_by_status"] == {
        "pending": 2,  # o2, o9
        "paid": 2,  # o1, o6
        "shipped": 1,  # o4
        "delivered": 2,  # o5, o8
        "cancelled": 2,  # o3, o7
    }
    assert body["overview"] == overview
    assert body["overview"]["total_revenue"] == "174.50"
    assert body["revenue"] == revenue
    assert body["orders"] == orders
    assert len(body["revenue"]) == len(body["orders"]) == 30
    # The ten newest orders, newest first: o10 (31 days ago) is the eleventh.
    newest = ["o2", "o1", "o3", "o4", "o6", "o5", "o7", "o9", "o8", "o11"]
    assert [o["id"] for o in body["recent_orders"]] == [history.orders[k].id for k in newest]
    first = body["recent_orders"][0]
    assert first["status"] == "pending"
    assert first["total_amount"] == "8.00"
    assert first["items"][0]["product_name"] == "Mug"
    # Top sellers by revenue in the 30 days; lamp sold nothing, the kettle only 31 days ago.
    assert body["top_sellers"] == [
        {
            "product_id": history.products[key].id,
            "name": name,
            "units_sold": units,
            "revenue": revenue,
        }
        for key, name, units, revenue in (
            ("atlas", "Atlas", 7, "87.50"),  # o1 2 + o5 1 + o8 4
            ("mug", "Mug", 4, "32.00"),  # o4 3 + o5 1
            ("pen", "Pen", 15, "18.75"),  # o1 4 + o4 1 + o6 10 (o11 is 30 days old)
        )
    ]
    assert datetime.fromisoformat(body["generated_at"]).tzinfo is not None

    await write_views(app, session)
    events = (
        await session.scalars(
            select(OutboxEvent).where(OutboxEvent.event_type == "admin_dashboard_access")
        )
    ).all()
    assert len(events) == 1
    assert events[0].user_id == admin.id
    assert events[0].data == {"user_id": admin.id, "view": "dashboard"}
    assert events[0].sent_at is None


async def test_each_dashboard_visit_is_recorded(app, client, session, history, admin_headers):
    for _ in range(2):
        await get_json(client, "/analytics/dashboard", admin_headers)
    await get_json(client, "/analytics/overview", admin_headers)  # not a dashboard visit
    await write_views(app, session)

    events = (
        await session.scalars(
            select(OutboxEvent.event_type).where(OutboxEvent.event_type.like("admin_%"))
        )
    ).all()
    assert events == ["admin_dashboard_access", "admin_dashboard_access"]


async def test_the_dashboards_recent_orders_are_the_orders_as_the_api_shows_them(
    client, history, admin_headers
):
    """The newest orders are read as rows, not as the orders' objects: each one, lines, item
    count and all, is what the admin's order list shows of it."""
    body = await get_json(client, "/analytics/dashboard", admin_headers)

    listed = await get_json(
        client, f"/orders/admin/all?limit={service.RECENT_ORDERS}", admin_headers
    )
    shown = body["recent_orders"][0].keys()
    assert body["recent_orders"] == [{key: order[key] for key in shown} for order in listed]
    assert any(len(order["items"]) > 1 for order in body["recent_orders"])


# --- CSV export ---------------------------------------------------------------------------


async def test_export_revenue(client, history, admin_headers):
    rows = await export(client, admin_headers, "report=revenue&days=30", named=span(29, 0))
    points = await get_json(client, "/analytics/revenue?days=30", admin_headers)

    assert rows[0] == ["date", "revenue", "paid_orders"]
    assert rows[1:] == [[p["date"], p["revenue"], str(p["paid_orders"])] for p in points]
    assert len(rows) == 31
    assert rows[1] == [day(29).isoformat(), "50.00", "1"]
    assert rows[-1] == [day(0).isoformat(), "55.25", "2"]


async def test_export_orders(client, history, admin_headers):
    rows = await export(client, admin_headers, "report=orders&days=3", named=span(2, 0))

    assert rows == [
        ["date", "orders", "paid_orders", "cancelled_orders"],
        [day(2).isoformat(), "3", "2", "1"],
        [day(1).isoformat(), "0", "0", "0"],
        [day(0).isoformat(), "4", "2", "1"],
    ]


async def test_export_orders_defaults_to_30_days(client, history, admin_headers):
    rows = await export(client, admin_headers, "report=orders", named=span(29, 0))

    assert len(rows) == 31
    assert rows[1][0] == day(29).isoformat()


async def test_export_products(client, history, admin_headers):
    rows = await export(client, admin_headers, "report=products")
    p = history.products

    assert rows == [
        PRODUCT_COLUMNS,
        [str(p["atlas"].id), "Atlas", "books", "8", "100.00", "4", "80", "0.0500", "4.5", "2"],
        [str(p["mug"].id), "Mug", "kitchen", "4", "32.00", "2", "9", "0.2222", "3.0", "1"],
        [str(p["pen"].id), "Pen", "office", "18", "22.50", "4", "12", "0.3333", "4.33", "3"],
        [str(p["kettle"].id), "Old kettle", "kitchen", "1", "20.00", "1", "0", "", "", "0"],
        [str(p["lamp"].id), "lamp", "home", "0", "0.00", "0", "25", "0.0000", "", "0"],
    ]


async def test_export_customers(client, history, admin_headers):
    rows = await export(client, admin_headers, "report=customers")
    u, o = history.users, history.orders

    def row(name, count, spent, last):
        user = u[name]
        joined = user.created_at.isoformat()
        return [str(user.id), f"{name}@example.com", name, joined, str(count), spent, last]

    assert rows[0] == [
        "user_id",
        "email",
        "username",
        "joined",
        "order_count",
        "total_spent",
        "last_order_at",
    ]
    # By money spent (paid, shipped, delivered), most first; the admin is not a customer.
    assert rows[1:] == [
        row("dee", 2, "75.25", o["o4"].created_at.isoformat()),  # o4 25.25 + o8 50.00
        row("ann", 3, "54.25", o["o1"].created_at.isoformat()),  # o1 + o5 + o11
        row("eve", 2, "32.50", o["o7"].created_at.isoformat()),  # o10 (o7 cancelled)
        row("ben", 2, "12.50", o["o2"].created_at.isoformat()),  # o6 (o2 pending)
        row("cy", 2, "0.00", o["o3"].created_at.isoformat()),  # cancelled and pending
    ]
    assert rows[2][3] == f"{day(0).isoformat()}T09:00:00+00:00"


async def test_export_neutralises_formulas(client, session, admin_headers, clock):
    await create_product(session, name="=HYPERLINK(1)", price="1.00", category="+cat")

    rows = await export(client, admin_headers, "report=products")

    assert rows[1][1:3] == ["'=HYPERLINK(1)", "'+cat"]


async def test_export_rejects_unknown_reports(client, admin_headers):
    for query in ("report=secrets", ""):
        response = await client.get(f"/analytics/export?{query}", headers=admin_headers)
        assert response.status_code == 422, query


# --- access control -----------------------------------------------------------------------

PATHS = [
    "/analytics/overview",
    "/analytics/revenue",
    "/analytics/orders",
    "/analytics/users",
    "/analytics/products",
    "/analytics/dashboard",
    "/analytics/export?report=revenue",
    "/analytics/stream",
]


@pytest.mark.parametrize("path", PATHS)
async def test_customers_get_403(client, customer_headers, path):
    response = await client.get(path, headers=customer_headers)

    assert response.status_code == 403
    assert response.json() == {"detail": "Administrator access required", "code": "admin_required"}


@pytest.mark.parametrize("path", PATHS)
async def test_anonymous_gets_401(client, path):
    response = await client.get(path)

    assert response.status_code == 401
    assert response.json() == {"detail": "Not authenticated", "code": "not_authenticated"}


async def test_a_refused_dashboard_records_nothing(client, session, customer_headers):
    await client.get("/analytics/dashboard", headers=customer_headers)

    assert (await session.scalars(select(OutboxEvent))).all() == []
