"""How fast is a catalog page with 100,000 products? Prints latency per scenario and database.

    .venv/bin/python bench/catalog_search.py [--products 100000] [--requests 200]
        [--postgres-url postgresql+asyncpg://postgres@127.0.0.1:5432/postgres]

SQLite always; PostgreSQL too when `--postgres-url` names a server, on which a throw-away
database is created and dropped again. Each database is built by the real migrations, filled
(multi-row INSERTs on SQLite, COPY on PostgreSQL) with a progress bar, analysed, and then
asked for pages through the real app in-process (httpx ASGITransport, no network), so a
measurement includes routing, validation, the count and page queries, the rating look-up,
serialisation and the `product_list_viewed` outbox row and commit that every catalog page
writes. bench/performance.py uses its products and `fill` for its catalog figures.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from itertools import islice
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import asyncpg
import httpx
from benchkit import Progress, as_string, asyncpg_dsn, configure, throwaway_database
from sqlalchemy import func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from webshop.catalog import counts
from webshop.catalog.models import Product
from webshop.core.config import Settings
from webshop.db import migrate
from webshop.db.session import create_engine, create_sessionmaker
from webshop.events.models import OutboxEvent
from webshop.main import create_app

TARGET_MS = 50.0
BATCH = 5_000  # rows per INSERT (SQLite)
COPY_BATCH = 20_000  # rows per COPY (PostgreSQL)
REBUILD_FROM = 50_000  # rows added at once from which indexes are dropped and built again
SEED = 42


def _words(text: str) -> list[str]:
    return [word.strip() for word in text.split(",")]


# Product names are "<brand> <adjective> <material> <noun>", descriptions a few sentences built
# from the same vocabulary, so words are common, rare and everything in between: full-text
# search has real ranking work to do.
CATEGORIES: dict[str, list[str]] = {
    "electronics": _words(
        "headphones, speaker, charger, keyboard, mouse, monitor, webcam, router, tablet, "
        "earbuds, power bank, smartwatch, camera"
    ),
    "books": _words(
        "novel, cookbook, atlas, memoir, guide, anthology, biography, handbook, notebook, "
        "picture book, journal"
    ),
    "home & kitchen": _words(
        "skillet, kettle, knife, cutting board, teapot, blanket, lamp, mug, saucepan, "
        "storage jar, cushion, vase, towel"
    ),
    "toys": _words(
        "puzzle, train set, building blocks, plush bear, race car, board game, kite, "
        "doll house, marble run, robot kit, yo-yo"
    ),
    "sports": _words(
        "yoga mat, dumbbell, football, racket, water bottle, jump rope, helmet, backpack, "
        "foam roller, gloves, tent, bicycle pump"
    ),
    "clothing": _words(
        "sweater, t-shirt, rain jacket, chinos, socks, denim jacket, vest, shirt, sneakers, "
        "beanie, scarf, hoodie, dress"
    ),
    "garden": _words(
        "watering can, trowel, planter, hose, pruning shears, bird feeder, seed tray, "
        "wheelbarrow, rake, lantern, deck chair"
    ),
    "beauty": _words(
        "face cream, shampoo, soap bar, lip balm, hair brush, perfume, body lotion, nail kit, "
        "face mask, serum"
    ),
    "grocery": _words(
        "coffee beans, green tea, olive oil, honey, dark chocolate, granola, pasta, "
        "spice blend, hot sauce, maple syrup, almonds"
    ),
    "automotive": _words(
        "floor mats, phone mount, dash cam, seat cover, tyre inflator, jump starter, car wax, "
        "roof box, wiper blades, ice scraper"
    ),
}
BRANDS = _words(
    "Aurora, Lumen, Volt, Pebble, Nimbus, Glide, Orbit, Clarity, Spark, Drift, Harbor, Summit, "
    "Willow, Cedar, Atlas, Nova, Ember, Fjord, Meadow, Kestrel, Tundra, Basalt, Juniper, Coral, "
    "Quartz, Sable, Marlow, Tessa, Oakridge, Brightline"
)
ADJECTIVES = _words(
    "wireless, portable, compact, classic, premium, organic, vintage, lightweight, waterproof, "
    "ergonomic, handmade, rechargeable, foldable, insulated, eco-friendly, heavy-duty, "
    "minimalist, deluxe, smart, adjustable, cozy, rustic, modern, travel, professional, mini, "
    "giant, quiet, bright, soft"
)
MATERIALS = _words(
    "leather, bamboo, steel, cotton, wool, ceramic, oak, linen, silicone, glass, aluminium, "
    "walnut, merino, cork, copper, canvas, recycled, carbon, stoneware, denim"
)
FEATURES = _words(
    "a two-year warranty, a water-resistant finish, fast charging, a lifetime guarantee, "
    "dishwasher-safe parts, a carry case, a soft-touch grip, machine-washable fabric, "
    "a non-slip base, noise cancellation, a magnetic closure, reinforced seams, a matte finish, "
    "replaceable parts, an adjustable strap, a leak-proof lid, a gift box, "
    "plastic-free packaging, a quick-start guide, USB-C power"
)
USES = _words(
    "everyday use, long journeys, small kitchens, busy mornings, weekend trips, "
    "outdoor adventures, the office, rainy days, family evenings, gifting, "
    "beginners and experts alike, training sessions, quiet afternoons"
)

# The page the target applies to: searched, filtered by category, price and stock, sorted.
# Each of these words is in roughly 5-10% of the products.
SEARCH_WORDS = _words(
    "wireless, leather, organic, bamboo, steel, portable, merino, classic, waterproof, ceramic"
)
# Words in (nearly) every description, as "quality" or "made" are in a real catalog.
COMMON_WORDS = _words("customers, comes")
PAGE_FILTERS = {"min_price": "10", "max_price": "500", "in_stock": "true", "sort": "price_asc"}


@dataclass
class Scenario:
    name: str
    paths: list[str]
    target: bool = False


def page(**params: str) -> str:
    return "/products/?" + urlencode({**params, "limit": "20"})


def scenarios() -> list[Scenario]:
    categories = list(CATEGORIES)

    def searched(words: list[str]) -> list[str]:
        return [
            page(q=word, category=category, **PAGE_FILTERS)
            for word in words
            for category in categories[:3]
        ]

    return [
        Scenario("search + filters + sort", searched(SEARCH_WORDS), target=True),
        Scenario("same, common word", searched(COMMON_WORDS), target=True),
        Scenario(
            "filters + sort, no search", [page(category=c, **PAGE_FILTERS) for c in categories]
        ),
        Scenario("default page (newest)", [page()]),
        Scenario("search only (relevance)", [page(q=word) for word in SEARCH_WORDS]),
    ]


def product_rows(count: int, rng: random.Random) -> Iterator[dict[str, Any]]:
    now = datetime.now(UTC)
    categories = list(CATEGORIES)
    for _ in range(count):
        category = rng.choice(categories)
        noun = rng.choice(CATEGORIES[category])
        adjective, material = rng.choice(ADJECTIVES), rng.choice(MATERIALS)
        name = f"{rng.choice(BRANDS)} {adjective} {material} {noun}".title()
        if rng.random() < 0.3:
            name += f" {rng.choice(['S', 'X', 'Pro', 'Mk'])}{rng.randint(2, 9)}"
        other = rng.choice(ADJECTIVES)
        features = rng.sample(FEATURES, 2)
        description = (
            f"A {adjective} {noun} in {material}, made for {rng.choice(USES)}. "
            f"It comes with {features[0]} and {features[1]}. "
            f"{other.capitalize()} and {rng.choice(MATERIALS)}-lined: customers love it for "
            f"{rng.choice(USES)}."
        )
        created = now - timedelta(seconds=rng.randint(0, 365 * 24 * 3600))
        yield {
            "name": name,
            "description": description,
            "price": Decimal(rng.randint(100, 100_000)) / 100,
            "stock": rng.choice([0, 0, 1, 2, 3, 5]) if rng.random() < 0.15 else rng.randint(0, 100),
            "category": category,
            "image_url": None,
            "thumbnail_url": None,
            "is_active": rng.random() > 0.02,
            "created_at": created,
            "updated_at": created,
        }


PRODUCT_COLUMNS = [
    "name", "description", "price", "stock", "category", "image_url", "thumbnail_url",
    "is_active", "created_at", "updated_at",
]  # fmt: skip


def take(rows: Iterator[dict[str, Any]], count: int) -> list[tuple[Any, ...]]:
    """The next `count` rows as tuples in PRODUCT_COLUMNS' order."""
    return [tuple(row[column] for column in PRODUCT_COLUMNS) for row in islice(rows, count)]


async def copy_products(
    database_url: str, rows: Iterator[dict[str, Any]], count: int, progress: Progress
) -> str:
    """PostgreSQL: COPY, generating the next batch in a thread while the server takes one.
    From REBUILD_FROM rows on, the indexes that back no constraint (the full-text GIN index
    among them) are dropped first and built again afterwards, as a bulk load does: about
    twice as fast as keeping them up to date row by row."""
    connection = await asyncpg.connect(asyncpg_dsn(database_url))
    note = ""
    try:
        indexes = []
        if count >= REBUILD_FROM:
            indexes = await connection.fetch(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'products' "
                "AND indexname NOT IN (SELECT conname FROM pg_constraint)"
            )
            for index in indexes:
                await connection.execute(f'DROP INDEX "{index["indexname"]}"')
        done = 0
        batch = await asyncio.to_thread(take, rows, min(COPY_BATCH, count))
        while batch:
            task = asyncio.create_task(
                connection.copy_records_to_table("products", records=batch, columns=PRODUCT_COLUMNS)
            )
            done += len(batch)
            following = await asyncio.to_thread(take, rows, min(COPY_BATCH, count - done))
            await task
            progress.update(done, done)
            batch = following
        if indexes:
            started = time.perf_counter()
            await connection.execute("SET maintenance_work_mem = '256MB'")
            for index in indexes:
                await connection.execute(index["indexdef"])
            elapsed = time.perf_counter() - started
            note = f"  {len(indexes)} indexes dropped before and built again in {elapsed:.1f} s"
    finally:
        await connection.close()
    return note


async def insert_products(
    engine: AsyncEngine, rows: Iterator[dict[str, Any]], count: int, progress: Progress
) -> None:
    """Any database (SQLite): multi-row INSERTs of BATCH rows, a transaction each."""
    done = 0
    while done < count:
        batch = list(islice(rows, min(BATCH, count - done)))
        async with engine.begin() as connection:
            await connection.execute(insert(Product.__table__), batch)
        done += len(batch)
        progress.update(done, done)


async def fill(
    engine: AsyncEngine, count: int, rows: Iterator[dict[str, Any]] | None = None
) -> None:
    """Add `count` products (from `rows`, else a new seeded run of them) with a progress bar,
    then analyse. Called again with the same `rows`, it grows the catalog with the rows that
    come next: 1,000 then 99,000 more is the same catalog as 100,000 at once."""
    rows = rows if rows is not None else product_rows(count, random.Random(SEED))  # noqa: S311
    progress = Progress("products", count)
    note = ""
    if engine.dialect.name == "postgresql":
        database_url = engine.url.render_as_string(hide_password=False)
        note = await copy_products(database_url, rows, count, progress)
    else:
        await insert_products(engine, rows, count, progress)
    progress.finish(count, count, f"products: {count:,} more")
    if note:
        print(note, flush=True)

    started = time.perf_counter()
    if engine.dialect.name == "postgresql":
        # The count triggers appended a +1 per product: fold them in, as the server would
        # (and vacuum the rows that leaves dead below, as autovacuum would soon).
        async with create_sessionmaker(engine)() as session:
            await counts.compact(session)
        # What autovacuum does to a table after a bulk load: statistics, the visibility map,
        # and the GIN index's pending list merged into the index proper.
        async with engine.connect() as connection:
            autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
            await autocommit.execute(text("VACUUM ANALYZE products, product_count_changes"))
    else:
        async with engine.begin() as connection:
            await connection.execute(text("ANALYZE"))
            await connection.execute(text("PRAGMA optimize"))
    print(f"  analysed in {time.perf_counter() - started:.1f} s", flush=True)


@asynccontextmanager
async def bench_app(settings: Settings, engine: AsyncEngine) -> AsyncIterator[httpx.AsyncClient]:
    settings.media_dir.mkdir(parents=True, exist_ok=True)
    app = create_app(settings)
    # The lifespan (which makes them) does not run under ASGITransport: reads and writes here.
    app.state.sessionmaker = app.state.read_sessionmaker = create_sessionmaker(engine)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        yield client


def percentile(sorted_values: list[float], fraction: float) -> float:
    index = min(len(sorted_values) - 1, max(0, round(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


async def measure(client: httpx.AsyncClient, scenario: Scenario, requests: int) -> dict[str, Any]:
    timings: list[float] = []
    totals: list[int] = []
    for i in range(requests):
        path = scenario.paths[i % len(scenario.paths)]
        started = time.perf_counter()
        response = await client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"GET {path} answered {response.status_code}: {response.text}")
        totals.append(int(response.headers["x-total-count"]))
    timings.sort()
    return {
        "count": len(timings),
        "p50": percentile(timings, 0.50),
        "p95": percentile(timings, 0.95),
        "max": timings[-1],
        "matches": int(statistics.median(totals)),
    }


async def run_database(
    label: str, database_url: str, data_dir: Path, args: argparse.Namespace
) -> list[str]:
    settings = configure(database_url, data_dir, CATALOG_CACHE_SECONDS=0)  # every page queried

    print(f"\n== {label}: {args.products:,} products ==")
    engine = create_engine(settings.DATABASE_URL)
    try:
        await migrate.upgrade(engine)
        await fill(engine, args.products)
        lines = []
        async with bench_app(settings, engine) as client:
            for scenario in scenarios():
                for path in scenario.paths * 2:  # warm-up: caches, statements, pool
                    await client.get(path)
            header = f"{'scenario':<26} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}"
            print(f"{header} {'matches':>8}")
            for scenario in scenarios():
                result = await measure(client, scenario, args.requests)
                verdict = ""
                if scenario.target:
                    verdict = "PASS" if result["p95"] < TARGET_MS else "MISS"
                    verdict = f"  {verdict} (p95 target < {TARGET_MS:.0f} ms)"
                line = (
                    f"{scenario.name:<26} {result['count']:>5} {result['p50']:>8.1f} "
                    f"{result['p95']:>8.1f} {result['max']:>8.1f} {result['matches']:>8,}{verdict}"
                )
                print(line)
                lines.append(f"{label:<11}{line}")
        async with engine.connect() as connection:
            products = await connection.scalar(select(func.count()).select_from(Product))
            events = await connection.scalar(select(func.count()).select_from(OutboxEvent))
        print(f"  ({products:,} products; {events:,} product_list_viewed events written)")
        return lines
    finally:
        await engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200, help="per scenario")
    parser.add_argument("--postgres-url", help="a PostgreSQL server to benchmark as well")
    args = parser.parse_args()

    summary: list[str] = []
    with tempfile.TemporaryDirectory(prefix="webshop-bench-") as tmp:
        data_dir = Path(tmp)
        sqlite_url = f"sqlite+aiosqlite:///{data_dir / 'bench.db'}"
        summary += asyncio.run(run_database("SQLite", sqlite_url, data_dir, args))
        if args.postgres_url:
            with throwaway_database(args.postgres_url) as bench_url:
                summary += asyncio.run(
                    run_database("PostgreSQL", as_string(bench_url), data_dir, args)
                )
    print("\n== Summary ==")
    print("\n".join(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
