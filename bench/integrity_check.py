"""How long does `webshop check` take with 1,000,000 orders? Target: under a minute.

    .venv/bin/python bench/integrity_check.py [--orders 1000000] [--runs 1]
        [--postgres-url postgresql+asyncpg://postgres@127.0.0.1:5432/postgres] [--keep]

On the server at `--postgres-url` a uniquely named throw-away database is created (dropped
`WITH (FORCE)` at the end, also after an error or Ctrl-C, unless `--keep`), migrated and filled
with `analytics_dashboard.py`'s COPY fill (customers, products, a year of orders with their
lines, reviews, daily views and active users; the summaries rebuilt). That fill writes no stock
movements, so they are added here the way the shop would have written them: per product an
`initial` movement with the stock it started with, a `sale` per order line, a `cancel` per line
of a cancelled order and, for products some cancelled order took, an `adjustment` now; each
with the stock it left. Every order gets the idempotency key its checkout would have sent.
After `VACUUM ANALYZE` the real `webshop check --json` runs `--runs` times as a subprocess
with the shop's default settings (a 30 s statement timeout); each run is timed from start to
exit, and must find nothing. Then one product's stock is changed without a movement, and one
more run must name exactly that product.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
from analytics_dashboard import (
    World,
    fill_extras,
    fill_orders,
    fill_products,
    fill_users,
    positive,
    set_sequences,
    summarise_and_analyze,
)
from benchkit import (
    BENCH_SECRET,
    DEFAULT_POSTGRES_URL,
    WEBSHOP,
    as_string,
    asyncpg_dsn,
    step,
    stop_on_sigterm,
    throwaway_database,
    webshop_env,
)

from webshop.db import migrate
from webshop.db.session import create_engine

CEILING_SECONDS = 60.0

# The movements the shop would have written for the filled orders, in the order it would have
# written them (ids follow time); each with the stock it left. A product starts with its stock
# now plus everything ever ordered of it; what cancellations put back is taken off again by
# one adjustment now, so the stock never dips below zero on the way.
MOVEMENTS = """
INSERT INTO stock_movements (product_id, delta, stock_after, reason, actor_id, order_id, created_at)
SELECT product_id, delta,
    sum(delta) OVER (PARTITION BY product_id ORDER BY created_at, step, order_id
                     ROWS UNBOUNDED PRECEDING),
    reason, actor_id, order_id, created_at
FROM (
    SELECT p.id AS product_id, p.stock + coalesce(sold.units, 0) AS delta, 'initial' AS reason,
        1 AS actor_id, NULL::integer AS order_id, p.created_at, 0 AS step
    FROM products p
    LEFT JOIN (SELECT product_id, sum(quantity) AS units FROM order_items GROUP BY product_id) sold
        ON sold.product_id = p.id
    WHERE p.stock + coalesce(sold.units, 0) > 0
    UNION ALL
    SELECT i.product_id, -i.quantity, 'sale', o.user_id, o.id, o.created_at, 1
    FROM order_items i JOIN orders o ON o.id = i.order_id
    UNION ALL
    SELECT i.product_id, i.quantity, 'cancel', 1, o.id, o.updated_at, 2
    FROM order_items i JOIN orders o ON o.id = i.order_id
    WHERE o.status = 'cancelled'
    UNION ALL
    SELECT i.product_id, -sum(i.quantity), 'adjustment', 1, NULL, now(), 3
    FROM order_items i JOIN orders o ON o.id = i.order_id
    WHERE o.status = 'cancelled'
    GROUP BY i.product_id
) movements
ORDER BY created_at, step, order_id, product_id
"""
IDEMPOTENCY_KEYS = "UPDATE orders SET idempotency_key = md5(id::text)"
CHANGED_STOCK = "UPDATE products SET stock = stock + 1 WHERE id = 1"


async def fill(database_url: str, args: argparse.Namespace) -> None:
    world = World(now=datetime.now(UTC))
    connection = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        await fill_users(connection, world, args.customers)
        await fill_products(connection, world, args.products)
        await fill_orders(connection, world, args.orders)
        await fill_extras(connection, world)
        await set_sequences(connection, ["users", "products", "orders", "order_items", "reviews"])
        for what, statement in (
            ("stock movements", MOVEMENTS),
            ("idempotency keys", IDEMPOTENCY_KEYS),
        ):
            started = time.perf_counter()
            status = await connection.execute(statement)
            rows = int(status.split()[-1])
            print(f"  {what}: {rows:,} rows in {time.perf_counter() - started:.1f} s")
        await summarise_and_analyze(connection, database_url)
    finally:
        await connection.close()


async def prepare(database_url: str, args: argparse.Namespace) -> None:
    engine = create_engine(database_url)
    try:
        await migrate.upgrade(engine)
    finally:
        await engine.dispose()
    await fill(database_url, args)


def run_check(database_url: str, data_dir: Path) -> tuple[float, int, dict[str, Any]]:
    """`webshop check --json` from start to exit: seconds, exit status, report. Its progress
    bar goes to our stderr."""
    env = webshop_env(database_url, BENCH_SECRET, data_dir)
    started = time.perf_counter()
    process = subprocess.Popen(  # noqa: S603 - our own command
        [str(WEBSHOP), "check", "--json"], stdout=subprocess.PIPE, env=env, cwd=data_dir, text=True
    )
    try:
        stdout, _ = process.communicate(timeout=30 * CEILING_SECONDS)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    elapsed = time.perf_counter() - started
    try:
        report = json.loads(stdout)
    except json.JSONDecodeError:
        raise SystemExit(f"webshop check failed ({process.returncode}):\n{stdout}") from None
    return elapsed, process.returncode, report


def report_run(number: int, elapsed: float, status: int, report: dict[str, Any]) -> bool:
    ratio = elapsed / CEILING_SECONDS
    clean = status == 0 and report["ok"]
    verdict = "PASS" if ratio <= 1.0 and clean else "MISS"
    findings = ", ".join(report["failed"]) or "none"
    print(
        f"\nrun {number}: webshop check {elapsed:.1f} s, {ratio:.2f} x the {CEILING_SECONDS:.0f} s "
        f"ceiling (target <= 1.00)  {verdict}; exit status {status}, findings: {findings}"
    )
    print(f"  checks {report['seconds']:.1f} s, the rest (start-up, connecting) "
          f"{elapsed - report['seconds']:.1f} s")  # fmt: skip
    for check in sorted(report["checks"], key=lambda check: -check["seconds"]):
        share = check["seconds"] / max(report["seconds"], 1e-9)
        state = "OK" if check["ok"] else f"FAILED ({check['total']:,} rows)"
        print(f"  {check['name']:<38} {check['seconds']:>6.2f} s {share:>4.0%}  {state}")
    return verdict == "PASS"


def finds_the_change(database_url: str, data_dir: Path) -> bool:
    """Whether the check, at this size, names the one product whose stock we change."""

    async def change() -> None:
        connection = await asyncpg.connect(asyncpg_dsn(database_url))
        try:
            await connection.execute(CHANGED_STOCK)
        finally:
            await connection.close()

    asyncio.run(change())
    elapsed, status, report = run_check(database_url, data_dir)
    [stock] = [check for check in report["checks"] if check["name"] == "stock_matches_movements"]
    row = stock["rows"][0] if stock["rows"] else {}
    found = (
        status == 1
        and report["failed"] == [stock["name"]]
        and stock["total"] == 1
        and row.get("product_id") == 1
        and row.get("stock") == row.get("movements_sum", 0) + 1
    )
    print(
        f"  {elapsed:.1f} s, exit status {status}, findings: {', '.join(report['failed'])}: "
        f"{stock['rows']}  {'PASS' if found else 'MISS'} (exactly that product named)"
    )
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL, help="the server")
    parser.add_argument("--orders", type=positive, default=1_000_000)
    parser.add_argument("--customers", type=positive, default=10_000)
    parser.add_argument("--products", type=positive, default=2_000)
    parser.add_argument("--runs", type=positive, default=1, help="runs of the check, timed")
    parser.add_argument("--keep", action="store_true", help="do not drop the database")
    args = parser.parse_args()

    signal.signal(signal.SIGTERM, stop_on_sigterm)
    started = time.perf_counter()
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(
        f"== Integrity check: {args.orders:,} orders, {args.customers:,} customers, "
        f"{args.products:,} products, {os.cpu_count()} CPUs, load average {load} =="
    )
    passed = True
    try:
        with (
            tempfile.TemporaryDirectory(prefix="webshop-bench-") as tmp,
            throwaway_database(args.postgres_url, keep=args.keep) as url,
        ):
            database_url = as_string(url)
            step("migrating and filling")
            asyncio.run(prepare(database_url, args))
            for number in range(1, args.runs + 1):
                step(f"webshop check, run {number} of {args.runs}")
                passed &= report_run(number, *run_check(database_url, Path(tmp)))
            step("one product's stock changed without a movement: webshop check again")
            passed &= finds_the_change(database_url, Path(tmp))
    except KeyboardInterrupt:
        print("\nInterrupted.", file=sys.stderr)
        return 130
    print(f"Total {time.perf_counter() - started:.0f} s")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
