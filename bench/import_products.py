"""How long does a 10,000-row product CSV take to import? Target: under 10 s, dry run or applied.

    .venv/bin/python bench/import_products.py [--rows 10000] [--existing 10000]
        [--postgres-url postgresql+asyncpg://postgres@127.0.0.1:5432/postgres]  ("" for SQLite only)

Per database (a temp SQLite file; `webshop_bench_<hex>` on the PostgreSQL server, dropped at the
end) it migrates, inserts an administrator and `--existing` catalog products the file does not
touch, generates a `--rows`-row CSV of new products with SKUs, and sends it to
`POST /products/import` through the real app in-process (`create_app(settings)`, httpx
`ASGITransport`): upload parsing, decoding, every cell checked, the matching queries, the
writes and the JSON report. Timed, one after the other:

1. dry run of the new products, then applying them (10,000 creates, stock movements, events);
2. `GET /products/export?q=imported&include_inactive=true`: those products (a search);
3. that export edited as a shop owner would (every row gets a new price and stock, every
   tenth a new name), as a dry run and applied (10,000 updates, movements and events).

It checks the database after each apply and prints every figure next to the 10 s target.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import os
import random
import signal
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import httpx
from benchkit import (
    BENCH_SECRET,
    as_string,
    configure,
    open_sessions,
    stop_on_sigterm,
    throwaway_database,
)
from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from webshop.catalog.models import Product, StockMovement, StockReason
from webshop.core.config import Settings
from webshop.core.security import hash_password
from webshop.db import migrate
from webshop.db.session import create_engine, create_sessionmaker
from webshop.events.models import OutboxEvent
from webshop.main import create_app
from webshop.users.models import User, UserRole

DEFAULT_POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
TARGET_S = 10.0
SEED = 42
HEADER = ["sku", "name", "description", "price", "stock", "category", "is_active"]
CATEGORIES = ["lights", "furniture", "kitchen", "garden", "toys", "books", "tools", "sports"]
STARTED = time.monotonic()


def step(message: str) -> None:
    print(f"[{time.monotonic() - STARTED:6.1f}s] {message}", flush=True)


def new_products_csv(rows: int, rng: random.Random) -> bytes:
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(HEADER)
    for i in range(rows):
        category = rng.choice(CATEGORIES)
        writer.writerow(
            [
                f"BENCH-{i:06d}",
                f"Imported {category} item {i}",
                f"Item {i} of the import benchmark, in {category}.\nSecond line, quoted.",
                f"{rng.randint(100, 100_000) / 100:.2f}",
                rng.randint(0, 500),
                category,
                "true" if rng.random() > 0.05 else "false",
            ]
        )
    return output.getvalue().encode()


def edited(export: bytes, rng: random.Random) -> tuple[bytes, int]:
    """The export with every product repriced and restocked, every tenth renamed. Returns the
    file and how many rows change."""
    rows = list(csv.DictReader(io.StringIO(export.decode("utf-8-sig"), newline="")))
    changed = 0
    for row in rows:
        row["price"] = f"{Decimal(row['price']) + Decimal('1.25'):.2f}"
        row["stock"] = str(int(row["stock"]) + rng.randint(1, 50))
        if changed % 10 == 0:
            row["name"] += " (renamed)"
        changed += 1
    output = io.StringIO()
    writer = csv.DictWriter(output, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return output.getvalue().encode(), changed


@dataclass
class Figure:
    database: str
    what: str
    seconds: float
    detail: str
    targeted: bool = True

    @property
    def missed(self) -> bool:
        return self.targeted and self.seconds >= TARGET_S

    def line(self) -> str:
        verdict = " " * 24
        if self.targeted:
            ratio = self.seconds / TARGET_S
            verdict = f"{ratio:>5.2f} x target  {'MISS' if self.missed else 'PASS'}  "
        return f"{self.database:<11}{self.what:<24}{self.seconds:>7.2f} s  {verdict}{self.detail}"


async def prepare(engine: AsyncEngine, existing: int) -> int:
    """Migrate; insert an administrator and products the file does not touch."""
    await migrate.upgrade(engine)
    rng = random.Random(SEED)  # noqa: S311 - reproducible data
    async with engine.begin() as connection:
        admin_id = (
            await connection.execute(
                insert(User).returning(User.id),
                [
                    {
                        "email": "bench-admin@example.com",
                        "username": "bench-admin",
                        "password_hash": hash_password("bench-password", 4),
                        "role": UserRole.ADMIN,
                        "is_active": True,
                    }
                ],
            )
        ).scalar_one()
        for start in range(0, existing, 5000):
            await connection.execute(
                insert(Product),
                [
                    {
                        "name": f"Catalog product {i}",
                        "sku": f"CAT-{i:06d}",
                        "description": "Already in the catalog.",
                        "price": Decimal(rng.randint(100, 100_000)) / 100,
                        "stock": rng.randint(0, 100),
                        "category": rng.choice(CATEGORIES),
                        "is_active": True,
                    }
                    for i in range(start, min(existing, start + 5000))
                ],
            )
    return int(admin_id)


@asynccontextmanager
async def bench_client(
    settings: Settings, engine: AsyncEngine, token: str
) -> AsyncIterator[httpx.AsyncClient]:
    settings.media_dir.mkdir(parents=True, exist_ok=True)
    app = create_app(settings)
    app.state.sessionmaker = create_sessionmaker(engine)
    app.state.read_sessionmaker = create_sessionmaker(engine, read_only=True)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport,
        base_url="http://bench",
        headers={"Authorization": f"Bearer {token}"},
        timeout=None,  # noqa: S113 - in-process, and an import may take seconds
    ) as client:
        yield client


async def timed_import(
    client: httpx.AsyncClient, data: bytes, *, dry_run: bool
) -> tuple[float, dict[str, int]]:
    started = time.perf_counter()
    response = await client.post(
        f"/products/import?dry_run={'true' if dry_run else 'false'}",
        files={"file": ("products.csv", data, "text/csv")},
    )
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"import answered {response.status_code}: {response.text[:2000]}")
    report = response.json()
    return elapsed, {k: report[k] for k in ("created", "updated", "unchanged", "refused")}


def counts(report: dict[str, int]) -> str:
    return ", ".join(f"{value:,} {key}" for key, value in report.items() if value)


async def totals(engine: AsyncEngine) -> tuple[int, int, int]:
    async with engine.connect() as connection:
        products = await connection.scalar(select(func.count()).select_from(Product))
        movements = await connection.scalar(
            select(func.count()).where(StockMovement.reason == StockReason.IMPORT)
        )
        events = await connection.scalar(select(func.count()).select_from(OutboxEvent))
    return int(products or 0), int(movements or 0), int(events or 0)


async def run_database(
    label: str, database_url: str, data_dir: Path, args: argparse.Namespace
) -> list[Figure]:
    print(f"\n== {label}: {args.rows:,} rows, {args.existing:,} other products ==", flush=True)
    settings = configure(database_url, data_dir)
    engine = create_engine(settings.DATABASE_URL)
    figures: list[Figure] = []

    def record(what: str, seconds: float, detail: str, *, targeted: bool = True) -> None:
        figures.append(Figure(label, what, seconds, detail, targeted))
        step(figures[-1].line().removeprefix(f"{label:<11}"))

    try:
        admin_id = await prepare(engine, args.existing)
        step(f"Migrated; inserted an administrator and {args.existing:,} products")
        async with engine.begin() as connection:
            [token] = await open_sessions(
                connection, [admin_id], BENCH_SECRET, lifetime=timedelta(hours=1)
            )
        rng = random.Random(SEED)  # noqa: S311 - reproducible data
        data = new_products_csv(args.rows, rng)
        step(f"Generated the CSV: {args.rows:,} new products, {len(data) / 1e6:.1f} MB")
        async with bench_client(settings, engine, token) as client:
            seconds, report = await timed_import(client, data, dry_run=True)
            record("dry run, new products", seconds, counts(report))
            seconds, report = await timed_import(client, data, dry_run=False)
            record("apply, new products", seconds, counts(report))
            products, movements, events = await totals(engine)
            step(
                f"  database: {products:,} products, {movements:,} import movements, "
                f"{events:,} events"
            )
            assert report["created"] == args.rows, report

            started = time.perf_counter()
            response = await client.get("/products/export?q=imported&include_inactive=true")
            exported = response.content
            seconds = time.perf_counter() - started
            text = io.StringIO(exported.decode("utf-8-sig"), newline="")
            rows = len(list(csv.reader(text))) - 1
            size = f"{rows:,} rows, {len(exported) / 1e6:.1f} MB"
            record("export, imported ones", seconds, size, targeted=False)

            changes, changed = edited(exported, rng)
            seconds, report = await timed_import(client, changes, dry_run=True)
            record("dry run, edited export", seconds, counts(report))
            seconds, report = await timed_import(client, changes, dry_run=False)
            record("apply, edited export", seconds, counts(report))
            assert report["updated"] == changed, report
            products, movements, events = await totals(engine)
            step(
                f"  database: {products:,} products, {movements:,} import movements, "
                f"{events:,} events"
            )
        return figures
    finally:
        await engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--existing", type=int, default=10_000, help="products not in the file")
    parser.add_argument(
        "--postgres-url",
        default=DEFAULT_POSTGRES_URL,
        help='a PostgreSQL server to benchmark as well ("" for SQLite only)',
    )
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"{os.cpu_count()} CPUs, load average {load}", flush=True)

    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="webshop-bench-") as tmp:
        data_dir = Path(tmp)
        sqlite_url = f"sqlite+aiosqlite:///{data_dir / 'bench.db'}"
        figures += asyncio.run(run_database("SQLite", sqlite_url, data_dir, args))
        if args.postgres_url:
            with throwaway_database(args.postgres_url) as bench_url:
                figures += asyncio.run(
                    run_database("PostgreSQL", as_string(bench_url), data_dir, args)
                )
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"\n== Summary: {args.rows:,} rows, target < {TARGET_S:.0f} s; load average {load} ==")
    print("\n".join(figure.line() for figure in figures))
    return 1 if any(figure.missed for figure in figures) else 0


if __name__ == "__main__":
    sys.exit(main())
