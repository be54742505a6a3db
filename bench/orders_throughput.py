"""How many orders a second does the shop take on PostgreSQL? Printed next to pgbench's TPS.

    .venv/bin/python bench/orders_throughput.py [--duration 10] [--connections 16]
        [--workers 2] [--customers 50] [--products 200]
        [--postgres-url postgresql+asyncpg://postgres@127.0.0.1:5432/postgres]

On the server at `--postgres-url` a throw-away database is created (and dropped at the end),
migrated and filled with customers and products whose stock never runs out. The real
`webshop serve --workers N` is started on it, and `wrk` (apt-get install wrk) is run twice
against 127.0.0.1 with the same clients and duration:

1. `GET /health` (routing, a session and `SELECT 1`): the ceiling of this server, this
   machine and this load generator;
2. `POST /orders/` through bench/wrk_orders.lua: 1-3 random lines of quantity 1-3, the
   customers' tokens in turn.

The database is then checked (orders created against 201s seen, stock conserved and never
negative, one `order_created` event per order), and `pgbench` runs its TPC-B-like script on
the same database with the same clients and duration. Every process started here is stopped
by its PID, also on Ctrl-C.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import secrets
import signal
import sys
import tempfile
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from benchkit import (
    DEFAULT_POSTGRES_URL,
    WEBSHOP,
    PgbenchResult,
    WrkResult,
    as_string,
    busy_cores,
    cpu_line,
    cpu_sample,
    find_tools,
    open_sessions,
    pgbench,
    step,
    stop,
    stop_on_sigterm,
    throwaway_database,
    webshop_server,
    wrk,
)
from sqlalchemy import insert, select, text

from webshop.catalog.models import Product
from webshop.core.security import hash_password
from webshop.db import migrate
from webshop.db.session import create_engine
from webshop.users.models import User, UserRole

BENCH_DIR = Path(__file__).resolve().parent
LUA_SCRIPT = BENCH_DIR / "wrk_orders.lua"
INITIAL_STOCK = 1_000_000_000  # no order ever runs a product out
PGBENCH_SCALE = 10


# --- the throw-away database -------------------------------------------------------------


@dataclass
class Fixture:
    tokens: list[str]
    product_ids: list[int]
    server_version: str


async def prepare(
    database_url: str, customers: int, products: int, secret: str, lifetime: timedelta
) -> Fixture:
    """Migrate, then insert customers and products with plain Core inserts; open a login
    session per customer and mint its access token. PostgreSQL or SQLite."""
    engine = create_engine(database_url)
    try:
        await migrate.upgrade(engine)
        step("Migrated")
        password_hash = hash_password("bench-password", 4)  # one hash: passwords are not used
        rng = random.Random(42)  # noqa: S311 - reproducible prices
        async with engine.begin() as connection:
            await connection.execute(
                insert(User),
                [
                    {
                        "email": f"bench{i}@example.com",
                        "username": f"bench{i}",
                        "password_hash": password_hash,
                        "role": UserRole.CUSTOMER,
                        "is_active": True,
                    }
                    for i in range(customers)
                ],
            )
            await connection.execute(
                insert(Product),
                [
                    {
                        "name": f"Bench product {i}",
                        "description": f"Product number {i}, stocked for the orders benchmark.",
                        "price": Decimal(rng.randint(100, 20_000)) / 100,
                        "stock": INITIAL_STOCK,
                        "category": "bench",
                        "is_active": True,
                    }
                    for i in range(products)
                ],
            )
            user_ids = list(await connection.scalars(select(User.id).order_by(User.id)))
            product_ids = list(await connection.scalars(select(Product.id).order_by(Product.id)))
            tokens = await open_sessions(connection, user_ids, secret, lifetime)
            postgres = engine.dialect.name == "postgresql"
            version = await connection.scalar(
                text("SHOW server_version" if postgres else "SELECT sqlite_version()")
            )
        async with engine.connect() as connection:
            autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
            await autocommit.execute(text("VACUUM ANALYZE" if postgres else "ANALYZE"))
    finally:
        await engine.dispose()
    step(f"Inserted {len(user_ids)} customers (each logged in) and {len(product_ids)} products")
    name = "PostgreSQL" if postgres else "SQLite"
    return Fixture(tokens, product_ids, f"{name} {version}")


def write_data_file(path: Path, fixture: Fixture) -> Path:
    """What bench/wrk_orders.lua reads: the customers' tokens and the products to order."""
    path.write_text(
        "".join(f"T {token}\n" for token in fixture.tokens)
        + "".join(f"P {product_id}\n" for product_id in fixture.product_ids)
    )
    return path


@dataclass
class Check:
    orders: int
    items: int
    units_sold: int
    units_moved: int
    negative_stock: int
    unbalanced_products: int
    order_events: int

    @property
    def stock_ok(self) -> bool:
        """Stock never negative, and each product's equal to the initial stock minus what
        its order lines sold, every unit of it in a sale movement."""
        return (
            self.negative_stock == 0
            and self.unbalanced_products == 0
            and self.units_moved == self.units_sold
        )

    def adds_up(self, created: int) -> bool:
        """Stock as above, one order_created event per order and no fewer orders than the
        201s seen (a few more: requests cut off when wrk stopped, answered after it left)."""
        return self.stock_ok and self.order_events == self.orders and self.orders >= created


async def check_database(database_url: str) -> Check:
    """What the orders run left behind, and whether it adds up."""
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            row = (
                await connection.execute(
                    text(
                        """
                        SELECT
                          (SELECT count(*) FROM orders),
                          (SELECT count(*) FROM order_items),
                          (SELECT coalesce(sum(quantity), 0) FROM order_items),
                          (SELECT coalesce(-sum(delta), 0) FROM stock_movements
                            WHERE reason = 'sale'),
                          (SELECT count(*) FROM products WHERE stock < 0),
                          (SELECT count(*) FROM products p
                             LEFT JOIN (SELECT product_id, sum(quantity) AS sold
                                          FROM order_items GROUP BY product_id) s
                               ON s.product_id = p.id
                            WHERE p.stock <> :initial - coalesce(s.sold, 0)),
                          (SELECT count(*) FROM outbox WHERE event_type = 'order_created')
                        """
                    ),
                    {"initial": INITIAL_STOCK},
                )
            ).one()
    finally:
        await engine.dispose()
    return Check(*(int(value) for value in row))


# --- the run ------------------------------------------------------------------------------


def run(args: argparse.Namespace, wrk_path: str, pgbench_path: str) -> None:
    secret = secrets.token_hex(32)  # 64 characters
    busy = busy_cores()
    if busy is not None:
        step(f"Machine before start: {busy:.2f} of {os.cpu_count()} cores busy")
        if busy > 0.2:
            step("  Warning: something else is using the CPU; the figures will be low.")
    with (
        tempfile.TemporaryDirectory(prefix="webshop-orders-bench-") as tmp,
        throwaway_database(args.postgres_url, report=step) as url,
    ):
        data_dir = Path(tmp)
        # Valid well past the run (access tokens normally last 15 minutes).
        lifetime = timedelta(hours=1) + 4 * timedelta(seconds=args.duration)
        fixture = asyncio.run(
            prepare(as_string(url), args.customers, args.products, secret, lifetime)
        )
        data_file = write_data_file(data_dir / "wrk_orders.txt", fixture)

        def load(target: str, duration: int, **options: Any) -> WrkResult:
            return wrk(wrk_path, target, connections=args.connections, duration=duration, **options)

        with webshop_server(as_string(url), args.workers, secret, data_dir) as server:
            if args.warmup:
                step(f"Warm-up: wrk GET /health for {args.warmup} s (not counted)")
                load(f"{server.base}/health", args.warmup)

            step(f"wrk GET /health for {args.duration} s (the ceiling)")
            before = cpu_sample(server.pid)
            health = load(f"{server.base}/health", args.duration)
            step("  " + cpu_line(before, cpu_sample(server.pid), "wrk"))

            step(f"wrk POST /orders/ for {args.duration} s")
            before = cpu_sample(server.pid)
            orders = load(
                f"{server.base}/orders/",
                args.duration,
                script=LUA_SCRIPT,
                script_args=[str(data_file)],
            )
            step("  " + cpu_line(before, cpu_sample(server.pid), "wrk"))
            # Graceful shutdown lets in-flight orders finish before the database is checked.
            stop(server.process, "webshop serve")

        check = asyncio.run(check_database(as_string(url)))
        bench = pgbench(pgbench_path, url, clients=args.connections, duration=args.duration)
        report(args, fixture, health, orders, check, bench)


def report(
    args: argparse.Namespace,
    fixture: Fixture,
    health: WrkResult,
    orders: WrkResult,
    check: Check,
    bench: PgbenchResult,
) -> None:
    created = int(orders.lua.get("created", "0"))
    non201 = orders.lua.get("non201", "?").strip()
    seconds = int(orders.lua.get("duration_us", "0")) / 1e6 or float(args.duration)
    orders_per_sec = created / seconds
    print()
    print(
        f"== Orders throughput: {fixture.server_version}, {os.cpu_count()} CPUs, "
        f"{args.workers} server workers, {args.connections} connections, {args.duration} s "
        "per run =="
    )
    print(f"{'':<34}{'per second':>12}{'p50 ms':>10}{'p99 ms':>10}")
    print(
        f"{'GET /health (ceiling)':<34}{health.requests_per_sec:>12.1f}"
        f"{health.p50_ms:>10.2f}{health.p99_ms:>10.2f}"
    )
    print(
        f"{'POST /orders/ (201 Created)':<34}{orders_per_sec:>12.1f}"
        f"{orders.p50_ms:>10.2f}{orders.p99_ms:>10.2f}"
    )
    print(f"{'pgbench TPC-B-like (TPS)':<34}{bench.tps:>12.1f}")
    print(f"{'orders/s ÷ pgbench TPS':<34}{orders_per_sec / bench.tps:>12.3f}")
    print(f"{'orders/s ÷ health ceiling':<34}{orders_per_sec / health.requests_per_sec:>12.3f}")
    print()
    print(f"wrk /health: {health.requests} responses, non-2xx {health.non_2xx}", end="")
    print(f", socket errors: {health.socket_errors}" if health.socket_errors else "")
    print(f"wrk /orders/: {created} responses 201, non-201: {non201}", end="")
    print(f", socket errors: {orders.socket_errors}" if orders.socket_errors else "")
    print(
        f"database: {check.orders} orders ({check.orders - created:+d} against the 201s wrk "
        f"saw: requests cut off at the end), {check.items} lines, {check.units_sold} units; "
        f"{check.order_events} order_created events"
    )
    print(
        f"stock: {'OK' if check.stock_ok else 'MISMATCH'} ({check.negative_stock} negative, "
        f"{check.unbalanced_products} products where initial - sold != stock, "
        f"{check.units_moved} units in sale movements)"
    )
    print(
        f"pgbench: latency average {bench.latency_ms:.2f} ms, failed transactions: {bench.failed}"
    )
    if not check.adds_up(created):
        raise SystemExit("The database does not add up: see above.")


def bounded(low: int, high: int) -> Any:
    def parse(value: str) -> int:
        number = int(value)
        if not low <= number <= high:
            raise argparse.ArgumentTypeError(f"must be between {low} and {high}")
        return number

    return parse


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL, help="the server")
    parser.add_argument("--duration", type=bounded(1, 600), default=10, help="seconds per run")
    parser.add_argument("--connections", type=bounded(1, 1000), default=16)
    parser.add_argument("--workers", type=bounded(1, 64), default=2, help="server processes")
    parser.add_argument("--customers", type=bounded(1, 100_000), default=50)
    parser.add_argument("--products", type=bounded(3, 100_000), default=200)
    parser.add_argument(
        "--warmup", type=bounded(0, 60), default=2, help="seconds of GET /health first"
    )
    args = parser.parse_args()

    tools = find_tools("wrk", "pgbench")
    if not WEBSHOP.exists():
        raise SystemExit(f"{WEBSHOP} not found: run this with the project's .venv/bin/python")
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    try:
        run(args, tools["wrk"], tools["pgbench"])
    except KeyboardInterrupt:
        print("\nInterrupted; everything started was stopped.", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
