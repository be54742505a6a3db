"""How fast are the analytics endpoints with 1,000,000 orders? Prints latency per endpoint.

    .venv/bin/python bench/analytics_dashboard.py [--orders 1000000] [--requests 20]
        [--postgres-url postgresql+asyncpg://postgres@127.0.0.1:5432/postgres]
        [--explain MS] [--keep | --database NAME] [--timezone UTC] [--endpoint NAME ...]

On the server at `--postgres-url` a uniquely named throw-away database is created (dropped
`WITH (FORCE)` at the end, also after an error or Ctrl-C, unless `--keep`; with `--database NAME`
that database is used instead: created and filled when it does not exist yet, reused as it is
otherwise, only migrated to the newest revision, and never dropped), migrated with the
real migrations and filled with COPY: customers, products, a year of orders with their lines,
reviews, daily product views and daily active users; the summaries the shop keeps as it goes
(sales and order totals, all-time views, latest active days) are rebuilt after. After `VACUUM
ANALYZE` every analytics endpoint is asked `--requests` times through the real app in-process
(httpx ASGITransport, no network) with an administrator's access token, in the shop time zone
`--timezone`; the targets are the dashboard and the overview under 50 ms (p95). Each endpoint's
first request (in the warm-up, after the app's own first one) is shown apart: a server worker
pays it once per endpoint.
`--explain MS` then prints `EXPLAIN (ANALYZE, BUFFERS)` of every SELECT slower than MS ms.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import gc
import os
import random
import signal
import sys
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from benchkit import (
    BENCH_SECRET,
    Progress,
    as_string,
    asyncpg_dsn,
    configure,
    stop_on_sigterm,
    throwaway_database,
)
from sqlalchemy import URL, event, make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from webshop.analytics import service as analytics_service
from webshop.core.config import Settings
from webshop.core.security import TokenType, create_token, hash_password
from webshop.db import migrate
from webshop.db.session import create_engine, create_sessionmaker
from webshop.events.envelope import pseudonym
from webshop.main import create_app
from webshop.orders import revenue

DEFAULT_POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
TARGET_MS = 50.0
SEED = 42
YEAR_DAYS = 365
ORDER_BATCH = 20_000  # orders per COPY (their lines go in the same transaction)
ADMIN_SESSION = "00000000-0000-4000-8000-000000000001"  # the login the bench's token belongs to

CATEGORIES = [
    "electronics", "books", "home & kitchen", "toys", "sports", "clothing", "garden", "beauty",
    "grocery", "automotive", "office", "pets", "baby", "music", "games", "tools", "jewellery",
    "shoes", "health", "outdoor",
]  # fmt: skip
BRANDS = ["Aurora", "Lumen", "Volt", "Pebble", "Nimbus", "Glide", "Orbit", "Spark", "Drift"]
ADJECTIVES = ["Classic", "Compact", "Premium", "Portable", "Organic", "Smart", "Deluxe", "Mini"]
STREETS = ["Main Street", "Station Road", "Mill Lane", "Church Street", "Park Avenue", "High St"]
CITIES = ["Springfield", "Riverton", "Lakeside", "Fairview", "Greenville", "Ashford", "Bramley"]
COMMENTS = [
    "Does what it says.", "Great value, would buy again.", "Arrived quickly, well packed.",
    "Not quite what I expected.", "Excellent quality.", "Broke after a month.", "Love it!",
]  # fmt: skip

# How an order's status depends on its age: (younger than N days, cumulative shares).
STATUS_BY_AGE: list[tuple[float, list[tuple[float, str]]]] = [
    (1, [(0.40, "pending"), (0.82, "paid"), (0.96, "shipped"), (1.0, "cancelled")]),
    (3, [(0.08, "pending"), (0.33, "paid"), (0.85, "shipped"), (0.93, "cancelled"), (1.0, "delivered")]),  # noqa: E501
    (10, [(0.02, "pending"), (0.06, "paid"), (0.40, "shipped"), (0.48, "cancelled"), (1.0, "delivered")]),  # noqa: E501
    (1e9, [(0.01, "pending"), (0.012, "paid"), (0.015, "shipped"), (0.085, "cancelled"), (1.0, "delivered")]),  # noqa: E501
]  # fmt: skip
# How long after the order its row was last updated, per status (hours).
UPDATED_AFTER_HOURS = {"pending": 0, "paid": 0.1, "shipped": 30, "delivered": 100, "cancelled": 5}
PAID = frozenset({"paid", "shipped", "delivered"})


@dataclass
class Endpoint:
    name: str
    path: str
    target: bool = False


ENDPOINTS = [
    Endpoint("overview", "/analytics/overview", target=True),
    Endpoint("revenue, 30 days", "/analytics/revenue?days=30"),
    Endpoint("revenue, 365 days", "/analytics/revenue?days=365"),
    Endpoint("orders, 30 days", "/analytics/orders?days=30"),
    Endpoint("users, 7 days", "/analytics/users?days=7"),
    Endpoint("products by revenue", "/analytics/products?sort=revenue"),
    Endpoint("products by conversion", "/analytics/products?sort=conversion"),
    Endpoint("dashboard", "/analytics/dashboard", target=True),
    Endpoint("export revenue, 365 d", "/analytics/export?report=revenue&days=365"),
    Endpoint("export customers", "/analytics/export?report=customers"),
]


# --- the throw-away database -------------------------------------------------------------


# --- filling ------------------------------------------------------------------------------


@dataclass
class World:
    """What later tables need to know about earlier ones."""

    now: datetime
    admin_id: int = 1
    customer_joined: list[datetime] = field(default_factory=list)  # index i: user id i + 2
    customer_address: list[str] = field(default_factory=list)
    product_names: list[str] = field(default_factory=list)  # index i: product id i + 1
    product_prices: list[Decimal] = field(default_factory=list)
    line_totals: list[tuple[Decimal, Decimal, Decimal]] = field(default_factory=list)
    popularity: list[int] = field(default_factory=list)  # product indexes, most popular first
    orders_per_day: list[int] = field(default_factory=list)  # index 0: 364 days ago
    product_orders: Counter[int] = field(default_factory=Counter)  # paid orders per product id
    reviews: dict[tuple[int, int], datetime] = field(default_factory=dict)


async def copy(
    connection: asyncpg.Connection, table: str, columns: Sequence[str], rows: Any
) -> int:
    await connection.copy_records_to_table(table, records=rows, columns=list(columns))
    return len(rows)


async def set_sequences(connection: asyncpg.Connection, tables: Sequence[str]) -> None:
    for table in tables:  # our own table names, not input
        statement = f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"  # noqa: E501, S608
        await connection.execute(statement)


async def fill_users(connection: asyncpg.Connection, world: World, customers: int) -> None:
    rng = random.Random(SEED)  # noqa: S311 - reproducible test data
    started = time.perf_counter()
    password = hash_password("bench-password", 4)  # never used to log in: shared by all
    first = world.now - timedelta(days=2 * YEAR_DAYS)
    joined = sorted(
        first + timedelta(seconds=rng.uniform(0, 2 * YEAR_DAYS * 86400)) for _ in range(customers)
    )
    rows: list[tuple[Any, ...]] = [
        (1, "admin@example.com", "admin", password, "admin", True, world.now, first, first)
    ]
    for index, created in enumerate(joined):
        user_id = index + 2
        last_login = created + (world.now - created) * rng.random()
        rows.append(
            (user_id, f"customer{user_id}@example.com", f"customer{user_id}", password,
             "customer", rng.random() > 0.01, last_login, created, created)
        )  # fmt: skip
        world.customer_address.append(
            f"{rng.randint(1, 250)} {rng.choice(STREETS)}, {rng.randint(10000, 99999)} "
            f"{rng.choice(CITIES)}"
        )
    world.customer_joined = joined
    await copy(
        connection,
        "users",
        ["id", "email", "username", "password_hash", "role", "is_active", "last_login_at",
         "created_at", "updated_at"],
        rows,
    )  # fmt: skip
    await copy(
        connection,
        "login_sessions",
        ["id", "user_id", "user_agent", "ip_address", "created_at", "last_used_at", "expires_at",
         "user_version"],
        [(ADMIN_SESSION, 1, "bench", "127.0.0.1", world.now, world.now,
          world.now + timedelta(days=1), 0)],
    )  # fmt: skip
    print(f"  users: {len(rows):,} (1 admin) in {time.perf_counter() - started:.1f} s")


async def fill_products(connection: asyncpg.Connection, world: World, products: int) -> None:
    rng = random.Random(SEED + 1)  # noqa: S311
    started = time.perf_counter()
    rows = []
    for index in range(products):
        category = CATEGORIES[index % len(CATEGORIES)]
        name = f"{rng.choice(BRANDS)} {rng.choice(ADJECTIVES)} {category.title()} Item {index + 1}"
        price = Decimal(rng.randint(199, 49_999)) / 100
        created = world.now - timedelta(days=rng.uniform(400, 2 * YEAR_DAYS))
        world.product_names.append(name)
        world.product_prices.append(price)
        world.line_totals.append((price, price * 2, price * 3))
        rows.append(
            (index + 1, name, f"A {name.lower()} for every day.", price, rng.randint(0, 500),
             category, None, None, rng.random() > 0.03, created, created)
        )  # fmt: skip
    world.popularity = list(range(products))
    rng.shuffle(world.popularity)
    await copy(
        connection,
        "products",
        ["id", "name", "description", "price", "stock", "category", "image_url",
         "thumbnail_url", "is_active", "created_at", "updated_at"],
        rows,
    )  # fmt: skip
    print(
        f"  products: {products:,} in {len(CATEGORIES)} categories "
        f"in {time.perf_counter() - started:.1f} s"
    )


def day_weights() -> list[float]:
    """Orders per day over the year: growing from 0.7 to 1.3, busier at weekends."""
    return [
        (0.7 + 0.6 * day / (YEAR_DAYS - 1)) * (1.25 if day % 7 in (5, 6) else 1.0)
        for day in range(YEAR_DAYS)
    ]


def order_batches(
    world: World, orders: int
) -> Iterator[tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]]:
    """Orders in the order they were placed (ids follow time, as in a real shop), with lines."""
    rng = random.Random(SEED + 2)  # noqa: S311
    weights = day_weights()
    total_weight = sum(weights)
    start = world.now - timedelta(days=YEAR_DAYS)
    joined = world.customer_joined
    products = len(world.product_names)
    popularity = world.popularity
    names, prices, line_totals = world.product_names, world.product_prices, world.line_totals
    order_rows: list[tuple[Any, ...]] = []
    item_rows: list[tuple[Any, ...]] = []
    order_id = item_id = 0
    cumulative = 0.0
    placed = 0
    for day in range(YEAR_DAYS):
        cumulative += weights[day]
        count = round(orders * cumulative / total_weight) - placed
        placed += count
        world.orders_per_day.append(count)
        day_start = start + timedelta(days=day)
        age_days = YEAR_DAYS - day - 0.5
        table = next(shares for limit, shares in STATUS_BY_AGE if age_days < limit)
        offsets = sorted(rng.random() * 86400 for _ in range(count))
        for offset in offsets:
            created = day_start + timedelta(seconds=offset)
            # Customers who had joined by then; older customers order more often.
            eligible = max(1, bisect.bisect_left(joined, created))
            user_id = int(eligible * rng.random() ** 1.6) + 2
            draw = rng.random()
            status = next(name for share, name in table if draw < share)
            updated = min(world.now, created + timedelta(hours=UPDATED_AFTER_HOURS[status]))
            order_id += 1
            lines = 1 if (draw := rng.random()) < 0.55 else 2 if draw < 0.85 else 3
            chosen: set[int] = set()
            while len(chosen) < lines:
                # A long tail: the first products sell far more than the last.
                chosen.add(popularity[int(products * rng.random() ** 2.2)])
            total = Decimal(0)
            for product in sorted(chosen):
                quantity = 1 if (draw := rng.random()) < 0.75 else 2 if draw < 0.93 else 3
                line_total = line_totals[product][quantity - 1]
                total += line_total
                item_id += 1
                item_rows.append(
                    (item_id, order_id, product + 1, names[product], prices[product], quantity,
                     line_total)
                )  # fmt: skip
                if status in PAID:
                    world.product_orders[product + 1] += 1
                    if status == "delivered" and rng.random() < 0.03:
                        world.reviews.setdefault(
                            (product + 1, user_id), updated + timedelta(days=rng.uniform(1, 20))
                        )
            note = "Please leave at the door." if rng.random() < 0.05 else None
            order_rows.append(
                (order_id, user_id, status, total, world.customer_address[user_id - 2], note,
                 None, None, created, updated)
            )  # fmt: skip
            if len(order_rows) >= ORDER_BATCH:
                yield order_rows, item_rows
                order_rows, item_rows = [], []
    if order_rows:
        yield order_rows, item_rows


ORDER_COLUMNS = [
    "id", "user_id", "status", "total_amount", "shipping_address", "note", "idempotency_key",
    "request_fingerprint", "created_at", "updated_at",
]  # fmt: skip
ITEM_COLUMNS = [
    "id", "order_id", "product_id", "product_name", "unit_price", "quantity", "line_total",
]  # fmt: skip


async def fill_orders(connection: asyncpg.Connection, world: World, orders: int) -> None:
    """COPY the orders and their lines, generating the next batch while the server ingests one."""
    progress = Progress("orders", orders)
    batches = order_batches(world, orders)
    done = rows = 0

    async def ingest(order_rows: list[tuple[Any, ...]], item_rows: list[tuple[Any, ...]]) -> int:
        async with connection.transaction():
            count = await copy(connection, "orders", ORDER_COLUMNS, order_rows)
            return count + await copy(connection, "order_items", ITEM_COLUMNS, item_rows)

    batch = await asyncio.to_thread(next, batches, None)
    while batch is not None:
        task = asyncio.create_task(ingest(*batch))
        following = await asyncio.to_thread(next, batches, None)
        rows += await task
        done += len(batch[0])
        progress.update(done, rows)
        batch = following
    progress.finish(done, rows, f"orders: {done:,} with {rows - done:,} lines")


async def fill_extras(connection: asyncpg.Connection, world: World) -> None:
    """Reviews, daily product views and daily active users, consistent with the orders."""
    rng = random.Random(SEED + 3)  # noqa: S311
    started = time.perf_counter()
    reviews = []
    for review_id, ((product_id, user_id), written) in enumerate(sorted(world.reviews.items())):
        rating = rng.choices([5, 4, 3, 2, 1], weights=[50, 27, 10, 6, 7])[0]
        created = min(written, world.now)
        reviews.append(
            (review_id + 1, product_id, user_id, rating, rng.choice(COMMENTS), created, created)
        )
    await copy(
        connection,
        "reviews",
        ["id", "product_id", "user_id", "rating", "comment", "created_at", "updated_at"],
        reviews,
    )

    # Views: each product converts 1-8% of its page views into (paid) orders.
    weights = day_weights()
    mean_weight = sum(weights) / len(weights)
    first_day = (world.now - timedelta(days=YEAR_DAYS - 1)).date()
    views = []
    for product_id in range(1, len(world.product_names) + 1):
        per_day = world.product_orders[product_id] / rng.uniform(0.01, 0.08) / YEAR_DAYS + 0.3
        for day in range(YEAR_DAYS):
            expected = per_day * weights[day] / mean_weight * rng.uniform(0.5, 1.5)
            count = int(expected) + (rng.random() < expected % 1)
            if count:
                views.append((product_id, first_day + timedelta(days=day), count))
    await copy(connection, "analytics_product_views", ["product_id", "day", "views"], views)

    # Active users: about a third as many as the day's orders, at most half the customers.
    customers = len(world.customer_joined)
    keys = [pseudonym(index + 2, BENCH_SECRET) for index in range(customers)]
    active = []
    for day, placed in enumerate(world.orders_per_day):
        when: date = first_day + timedelta(days=day)
        sample = min(customers // 2, max(1, placed // 3))
        active.extend((when, keys[index]) for index in rng.sample(range(customers), sample))
    await copy(connection, "analytics_active_users", ["day", "user_key"], active)
    print(
        f"  reviews: {len(reviews):,}, product views: {len(views):,} product-days, "
        f"active users: {len(active):,} user-days in {time.perf_counter() - started:.1f} s"
    )


async def rebuild_summaries(database_url: str) -> None:
    """Orders and views were bulk-loaded past the services that keep their summaries in step
    (sales per product, day and week; orders per day and quarter hour; all-time views; each
    user's latest active day), so rebuild those."""
    engine = create_engine(database_url)
    try:
        async with create_sessionmaker(engine)() as session:
            await revenue.rebuild_sales(session)
            await revenue.rebuild_order_totals(session)
            await analytics_service.rebuild_summaries(session)
    finally:
        await engine.dispose()


async def fill(database_url: str, args: argparse.Namespace) -> World:
    world = World(now=datetime.now(UTC))
    connection = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        await fill_users(connection, world, args.customers)
        await fill_products(connection, world, args.products)
        await fill_orders(connection, world, args.orders)
        await fill_extras(connection, world)
        await set_sequences(connection, ["users", "products", "orders", "order_items", "reviews"])
        mix = await connection.fetch(
            "SELECT status, count(*) AS n FROM orders GROUP BY status ORDER BY n DESC"
        )
        total = sum(row["n"] for row in mix) or 1
        print("  status mix: " + ", ".join(f"{r['status']} {r['n'] / total:.1%}" for r in mix))
        await summarise_and_analyze(connection, database_url)
    finally:
        await connection.close()
    return world


async def summarise_and_analyze(connection: asyncpg.Connection, database_url: str) -> None:
    """After a fill: the summary tables built from the orders, then the planner's statistics."""
    started = time.perf_counter()
    await rebuild_summaries(database_url)
    print(f"  summaries rebuilt in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    await connection.execute("VACUUM ANALYZE")
    size = await connection.fetchval("SELECT pg_size_pretty(pg_database_size(current_database()))")
    print(f"  VACUUM ANALYZE in {time.perf_counter() - started:.1f} s; database size {size}")


# --- measuring ----------------------------------------------------------------------------


@dataclass
class Statement:
    sql: str
    parameters: Any
    ms: float


class StatementLog:
    """Every SQL statement the app runs, with its time (driver round trip, rows fetched)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.statements: list[Statement] = []
        self._started: list[float] = []
        event.listen(engine.sync_engine, "before_cursor_execute", self._before)
        event.listen(engine.sync_engine, "after_cursor_execute", self._after)

    def _before(self, conn: Any, cursor: Any, sql: str, parameters: Any, *_: Any) -> None:
        self._started.append(time.perf_counter())
        self.statements.append(Statement(sql, parameters, 0.0))

    def _after(self, conn: Any, cursor: Any, sql: str, parameters: Any, *_: Any) -> None:
        self.statements[-1].ms = (time.perf_counter() - self._started.pop()) * 1000

    def take(self) -> list[Statement]:
        taken, self.statements = self.statements, []
        return taken


@asynccontextmanager
async def bench_app(settings: Settings, engine: AsyncEngine) -> AsyncIterator[httpx.AsyncClient]:
    settings.media_dir.mkdir(parents=True, exist_ok=True)
    app = create_app(settings)
    # As `webshop serve` does at startup: what lives as long as the process is kept out of the
    # collector's way, or a full collection now and then costs a request 100 ms and more.
    gc.collect()
    gc.freeze()
    app.state.sessionmaker = app.state.read_sessionmaker = create_sessionmaker(engine)
    token, _ = create_token(
        user_id=1,
        token_type=TokenType.ACCESS,
        secret=BENCH_SECRET,
        lifetime=timedelta(hours=4),
        session_id=ADMIN_SESSION,
    )
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport,
        base_url="http://bench",
        headers={"Authorization": f"Bearer {token}"},
        timeout=600,
    ) as client:
        yield client


def percentile(sorted_values: list[float], fraction: float) -> float:
    index = min(len(sorted_values) - 1, max(0, round(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


async def get(client: httpx.AsyncClient, path: str) -> httpx.Response:
    response = await client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"GET {path} answered {response.status_code}: {response.text[:500]}")
    return response


async def measure(
    client: httpx.AsyncClient, log: StatementLog, endpoint: Endpoint, requests: int
) -> tuple[str, str]:
    """The endpoint's line of the table, and PASS or MISS for a target endpoint."""
    timings: list[float] = []
    sql_ms: list[float] = []
    queries = size = 0
    for _ in range(requests):
        log.take()
        started = time.perf_counter()
        response = await get(client, endpoint.path)
        timings.append((time.perf_counter() - started) * 1000)
        statements = log.take()
        sql_ms.append(sum(s.ms for s in statements))
        queries, size = len(statements), len(response.content)
    timings.sort()
    sql_ms.sort()
    verdict = ""
    if endpoint.target:
        verdict = "PASS" if percentile(timings, 0.95) < TARGET_MS else "MISS"
        verdict = f"{verdict} (p95 < {TARGET_MS:.0f} ms)"
    return (
        f"{endpoint.name:<24} {len(timings):>4} {percentile(timings, 0.5):>8.1f} "
        f"{percentile(timings, 0.95):>8.1f} {timings[-1]:>8.1f} {percentile(sql_ms, 0.5):>8.1f} "
        f"{queries:>4} {size / 1024:>8.1f}"
    ), verdict


async def explain(
    database_url: str,
    client: httpx.AsyncClient,
    log: StatementLog,
    slower_than: float,
    endpoints: Sequence[Endpoint] = ENDPOINTS,
) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of each slow SELECT, with the parameters the app sent."""
    connection = await asyncpg.connect(
        asyncpg_dsn(database_url), server_settings={"plan_cache_mode": "force_custom_plan"}
    )
    try:
        seen: set[str] = set()
        for endpoint in endpoints:
            log.take()
            await get(client, endpoint.path)
            for statement in log.take():
                sql = statement.sql.strip()
                if statement.ms < slower_than or not sql.upper().startswith("SELECT"):
                    continue
                if (key := f"{sql} {statement.parameters}") in seen:
                    continue
                seen.add(key)
                plan = await connection.fetch(
                    "EXPLAIN (ANALYZE, BUFFERS) " + sql, *(statement.parameters or ())
                )
                print(f"\n-- {endpoint.path}: {statement.ms:.1f} ms in the app\n{sql}")
                print(f"-- parameters: {statement.parameters}")
                print("\n".join(row[0] for row in plan))
    finally:
        await connection.close()


async def run(
    database_url: str, data_dir: Path, args: argparse.Namespace, *, filled: bool = False
) -> None:
    settings = configure(database_url, data_dir, SHOP_TIMEZONE=args.timezone)
    engine = create_engine(settings.DATABASE_URL)
    try:
        started = time.perf_counter()
        await migrate.upgrade(engine)
        print(f"  migrated in {time.perf_counter() - started:.1f} s")
        if filled:
            print("  reusing the data already there (fill skipped)")
        else:
            await fill(database_url, args)
        log = StatementLog(engine)
        async with bench_app(settings, engine) as client:
            started = time.perf_counter()
            await get(client, "/users/me")  # the app's own first (authenticated) request
            first: dict[str, float] = {}
            for endpoint in args.measured:
                for _ in range(args.warmup):  # caches, prepared statements, the pool
                    requested = time.perf_counter()
                    await get(client, endpoint.path)
                    first.setdefault(endpoint.name, (time.perf_counter() - requested) * 1000)
            elapsed = time.perf_counter() - started
            print(f"  warm-up ({args.warmup} x each endpoint) in {elapsed:.1f} s")
            load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
            print(f"  load average before measuring: {load} ({os.cpu_count()} CPUs)")
            print(
                f"\n{'endpoint':<24} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} "
                f"{'SQL ms':>8} {'SQLs':>4} {'KB':>8} {'first ms':>8}"
            )
            for endpoint in args.measured:
                line, verdict = await measure(client, log, endpoint, args.requests)
                cold = first.get(endpoint.name, float("nan"))
                print(f"{line} {cold:>8.1f}  {verdict}".rstrip(), flush=True)
            print(
                "  (SQL ms: p50 of the time spent in the database driver per request; "
                "SQLs: statements per request; first ms: the endpoint's first request in this "
                "process, a warm-up request left out of the other columns: what each server "
                "worker pays once; the first analytics endpoint also pays for FastAPI building "
                "the router's routes)"
            )
            if args.explain is not None:
                await explain(database_url, client, log, args.explain, args.measured)
    finally:
        await engine.dispose()


async def prepare_named(server_url: str, name: str) -> bool:
    """Create database `name` on the server unless it exists; whether it was filled already
    (its order summaries, rebuilt at the end of a fill, hold rows)."""
    server = await asyncpg.connect(asyncpg_dsn(server_url))
    try:
        if not await server.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
            await server.execute(f'CREATE DATABASE "{name}"')  # a name the user chose
            print(f"Created database {name}")
            return False
    finally:
        await server.close()
    connection = await asyncpg.connect(asyncpg_dsn(server_url), database=name)
    try:
        if await connection.fetchval("SELECT to_regclass('order_totals') IS NULL"):
            return False
        return bool(await connection.fetchval("SELECT EXISTS (SELECT 1 FROM order_totals)"))
    finally:
        await connection.close()


@contextmanager
def bench_database(args: argparse.Namespace) -> Iterator[tuple[URL, bool]]:
    """The database to measure, and whether it is filled already: `--database`, kept, or a
    throw-away one."""
    if args.database is None:
        with throwaway_database(args.postgres_url, keep=args.keep) as url:
            yield url, False
        return
    filled = asyncio.run(prepare_named(args.postgres_url, args.database))
    if filled:
        print(f'Reusing database {args.database} (drop it: DROP DATABASE "{args.database}" ...)')
    yield (
        make_url(args.postgres_url).set(drivername="postgresql+asyncpg", database=args.database),
        filled,
    )


def positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL, help="the server")
    parser.add_argument("--orders", type=positive, default=1_000_000)
    parser.add_argument("--customers", type=positive, default=10_000)
    parser.add_argument("--products", type=positive, default=2_000)
    parser.add_argument("--requests", type=positive, default=20, help="per endpoint")
    parser.add_argument("--warmup", type=int, default=2, help="untimed requests per endpoint")
    parser.add_argument(
        "--timezone", default="UTC", help="the shop's time zone (SHOP_TIMEZONE) while measuring"
    )
    parser.add_argument(
        "--endpoint",
        action="append",
        metavar="NAME",
        help="measure only this endpoint (repeat for more), e.g. --endpoint dashboard",
    )
    parser.add_argument(
        "--explain", type=float, metavar="MS", help="EXPLAIN the SELECTs slower than MS ms"
    )
    parser.add_argument("--keep", action="store_true", help="do not drop the database")
    parser.add_argument(
        "--database",
        metavar="NAME",
        help="use this database on the server, kept afterwards: created and filled if it does "
        "not exist, else reused without filling (drop it yourself when done)",
    )
    args = parser.parse_args()
    if args.database is not None and args.keep:
        parser.error("--database keeps its database already; leave out --keep")
    names = {endpoint.name for endpoint in ENDPOINTS}
    args.measured = ENDPOINTS
    if args.endpoint is not None:
        wanted = args.endpoint
        if unknown := [name for name in wanted if name not in names]:
            parser.error(f"unknown endpoint(s) {unknown}; choose from {sorted(names)}")
        args.measured = [endpoint for endpoint in ENDPOINTS if endpoint.name in wanted]

    signal.signal(signal.SIGTERM, stop_on_sigterm)
    started = time.perf_counter()
    print(
        f"== Analytics: {args.orders:,} orders, {args.customers:,} customers, "
        f"{args.products:,} products, {os.cpu_count()} CPUs =="
    )
    try:
        with (
            tempfile.TemporaryDirectory(prefix="webshop-bench-") as tmp,
            bench_database(args) as (bench_url, filled),
        ):
            asyncio.run(run(as_string(bench_url), Path(tmp), args, filled=filled))
    except KeyboardInterrupt:
        print("\nInterrupted.", file=sys.stderr)
        return 130
    print(f"Total {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
