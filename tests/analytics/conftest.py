"""A known shop history for the analytics tests, with the clock pinned to today at noon UTC.

`DayRange.last` reads the clock through `webshop.analytics.days.utcnow`; pinning it to noon
keeps "today" the same for the whole test (no midnight race) and, in every zone the tests
use, noon UTC falls on the same local date. Everything else is dated relative to that day.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests import factories
from tests.factories import create_product, create_user
from webshop.analytics import service as analytics_service
from webshop.analytics.models import ActiveUserDaily, ProductViewsDaily
from webshop.catalog.models import Product
from webshop.orders.models import OrderStatus
from webshop.orders.schemas import OrderRead
from webshop.reviews.models import Review
from webshop.users.models import User

TODAY = datetime.now(UTC).date()
NOW = datetime.combine(TODAY, time(12), UTC)


def day(offset: int) -> date:
    """`offset` days before today (0 is today)."""
    return TODAY - timedelta(days=offset)


def at(offset: int, hour: int, minute: int = 0) -> datetime:
    """An instant in UTC, `offset` days before today."""
    return datetime.combine(day(offset), time(hour, minute), UTC)


# The columns of the products export (without `compare=previous`).
PRODUCT_COLUMNS = [
    "product_id",
    "name",
    "category",
    "units_sold",
    "revenue",
    "order_count",
    "views",
    "conversion",
    "average_rating",
    "review_count",
]
# Without `compare=previous` a point or product has no previous figures and no change.
ALONE = {"previous": None, "change": None}


def period(first: int, last: int) -> dict[str, Any]:
    """A period as the API shows it: the days `first` to `last` (offsets from today)."""
    return {
        "date_from": day(first).isoformat(),
        "date_to": day(last).isoformat(),
        "days": first - last + 1,
    }


async def get_json(client: Any, path: str, headers: dict[str, str], status: int = 200) -> Any:
    response = await client.get(path, headers=headers)
    assert response.status_code == status, response.text
    return response.json()


async def export(
    client: Any, headers: dict[str, str], query: str, *, named: str | None = None
) -> list[list[str]]:
    """The rows of an export; the file is named for its range (`named`: "first-to-last"), or
    for today without one."""
    response = await client.get(f"/analytics/export?{query}", headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    report = query.split("report=")[1].split("&", maxsplit=1)[0]
    filename = f"webshop-{report}-{named or day(0).isoformat()}.csv"
    assert response.headers["content-disposition"] == f'attachment; filename="{filename}"'
    return list(csv.reader(io.StringIO(response.text)))


def span(first: int, last: int) -> str:
    """How an export's file names the days `first` to `last` (offsets from today)."""
    return f"{day(first).isoformat()}-to-{day(last).isoformat()}"


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> datetime:
    """Pin the clock the analytics day ranges read to today at 12:00 UTC."""
    monkeypatch.setattr("webshop.analytics.days.utcnow", lambda: NOW)
    return NOW


@dataclass
class History:
    admin: User
    users: dict[str, User]
    products: dict[str, Product]
    orders: dict[str, OrderRead]
    extra: dict[str, Any] = field(default_factory=dict)


@pytest.fixture
async def history(session: AsyncSession, admin: User, clock: datetime) -> History:
    """Six users, five products, eleven orders in every status, views, active users, reviews.

    Users (created_at): adam (admin) today-40, ann today 09:00, ben today-1 08:00,
    cy today-1 20:00, dee today-6 06:30, eve today-7 22:00.

    Products (creation order = id order): Atlas 12.50 books, Mug 8.00 kitchen,
    Pen 1.25 office, lamp 30.00 home (never sold), Old kettle 20.00 kitchen (inactive).

    Orders (`day offset` hh:mm UTC, status, lines = total):
      o1  today 10:00   paid       Atlas x2 + Pen x4       = 30.00
      o2  today 11:30   pending    Mug x1                  =  8.00
      o3  today 09:15   cancelled  Atlas x1                = 12.50
      o4  today 08:00   shipped    Mug x3 + Pen x1         = 25.25
      o5  -2    14:00   delivered  Atlas x1 + Mug x1       = 20.50
      o6  -2    16:45   paid       Pen x10                 = 12.50
      o7  -2    07:00   cancelled  Mug x2                  = 16.00
      o8  -29   12:00   delivered  Atlas x4                = 50.00  (first day of 30)
      o9  -29   13:00   pending    Pen x2                  =  2.50
      o10 -31   10:00   delivered  Old kettle x1 + Atlas x1 = 32.50 (outside 31 days)
      o11 -30   15:00   paid       Pen x3                  =  3.75  (outside 30 days)

    Revenue (paid, shipped, delivered): 30.00 + 25.25 + 20.50 + 12.50 + 50.00 + 32.50 + 3.75
    = 174.50 over 7 paid orders, 11 orders in all.

    Every time of day lies between 06:00 and 17:00 UTC, so New York and Kolkata see each
    order on the same date as UTC does.
    """
    admin.created_at = at(40, 12)
    users = {"adam": admin}
    for name, when in (
        ("ann", at(0, 9)),
        ("ben", at(1, 8)),
        ("cy", at(1, 20)),
        ("dee", at(6, 6, 30)),
        ("eve", at(7, 22)),
    ):
        user = await create_user(session, username=name, email=f"{name}@example.com")
        user.created_at = when
        users[name] = user

    atlas = await create_product(session, name="Atlas", price="12.50", category="books", stock=50)
    mug = await create_product(session, name="Mug", price="8.00", category="kitchen", stock=50)
    pen = await create_product(session, name="Pen", price="1.25", category="office", stock=50)
    lamp = await create_product(session, name="lamp", price="30.00", category="home")
    kettle = await create_product(session, name="Old kettle", price="20.00", category="kitchen")
    products = {"atlas": atlas, "mug": mug, "pen": pen, "lamp": lamp, "kettle": kettle}

    async def place(user: str, when: datetime, status: OrderStatus, *lines: Any) -> OrderRead:
        return await factories.create_order(
            session, users[user], *lines, status=status, placed_at=when, actor=admin
        )

    paid, pending, shipped = OrderStatus.PAID, OrderStatus.PENDING, OrderStatus.SHIPPED
    delivered, cancelled = OrderStatus.DELIVERED, OrderStatus.CANCELLED
    orders = {
        "o1": await place("ann", at(0, 10), paid, (atlas, 2), (pen, 4)),
        "o2": await place("ben", at(0, 11, 30), pending, (mug, 1)),
        "o3": await place("cy", at(0, 9, 15), cancelled, (atlas, 1)),
        "o4": await place("dee", at(0, 8), shipped, (mug, 3), (pen, 1)),
        "o5": await place("ann", at(2, 14), delivered, (atlas, 1), (mug, 1)),
        "o6": await place("ben", at(2, 16, 45), paid, (pen, 10)),
        "o7": await place("eve", at(2, 7), cancelled, (mug, 2)),
        "o8": await place("dee", at(29, 12), delivered, (atlas, 4)),
        "o9": await place("cy", at(29, 13), pending, (pen, 2)),
        "o10": await place("eve", at(31, 10), delivered, (kettle, 1), (atlas, 1)),
        "o11": await place("ann", at(30, 15), paid, (pen, 3)),
    }
    kettle.is_active = False  # sold once, since taken out of the shop

    # Page views: Atlas 30 + 20 + 30 = 80, Mug 9, Pen 7 + 5 = 12, lamp 25, kettle none.
    for product, offset, views in (
        (atlas, 0, 30),
        (atlas, 2, 20),
        (atlas, 40, 30),
        (mug, 0, 9),
        (pen, 1, 7),
        (pen, 29, 5),
        (lamp, 0, 25),
    ):
        session.add(ProductViewsDaily(product_id=product.id, day=day(offset), views=views))

    # Active users: today 3, yesterday 1, today-3 2, today-7 5 (outside a 7-day window).
    for offset, count in ((0, 3), (1, 1), (3, 2), (7, 5)):
        for n in range(count):
            session.add(ActiveUserDaily(day=day(offset), user_key=f"u_{offset:02d}{n:022d}"))
    # Daily rows loaded in bulk, as the bench does: what is kept beside them is rebuilt.
    await analytics_service.rebuild_summaries(session)

    # Ratings: Atlas 5, 4 (4.5); Mug 3 (3.0); Pen 5, 4, 4 (4.33); lamp and kettle none.
    for product, name, rating in (
        (atlas, "ann", 5),
        (atlas, "ben", 4),
        (mug, "dee", 3),
        (pen, "ann", 5),
        (pen, "ben", 4),
        (pen, "cy", 4),
    ):
        session.add(Review(product_id=product.id, user_id=users[name].id, rating=rating))
    await session.flush()
    return History(admin=admin, users=users, products=products, orders=orders)
