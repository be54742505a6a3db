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
import re
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
from benchkit import stop_on_sigterm, throwaway_database
from sqlalchemy import URL, insert, select, text

from webshop.catalog.models import Product
from webshop.core.security import TokenType, create_token, hash_password
from webshop.db import migrate
from webshop.db.session import create_engine
from webshop.users.models import User, UserRole

BENCH_DIR = Path(__file__).resolve().parent
LUA_SCRIPT = BENCH_DIR / "wrk_orders.lua"
WEBSHOP = Path(sys.executable).parent / "webshop"
DEFAULT_POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
INITIAL_STOCK = 1_000_000_000  # no order ever runs a product out
START_TIMEOUT = 60.0
STOP_TIMEOUT = 20.0
PGBENCH_SCALE = 10
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
STARTED = time.monotonic()


def step(message: str) -> None:
    print(f"[{time.monotonic() - STARTED:6.1f}s] {message}", flush=True)


# --- the throw-away database -------------------------------------------------------------


@dataclass
class Fixture:
    tokens: list[str]
    product_ids: list[int]
    server_version: str


async def prepare(url: URL, args: argparse.Namespace, secret: str) -> Fixture:
    """Migrate, then insert customers and products with plain Core inserts; mint tokens."""
    engine = create_engine(url.render_as_string(hide_password=False))
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
                    for i in range(args.customers)
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
                    for i in range(args.products)
                ],
            )
            user_ids = list(await connection.scalars(select(User.id).order_by(User.id)))
            product_ids = list(await connection.scalars(select(Product.id).order_by(Product.id)))
            version = await connection.scalar(text("SHOW server_version"))
        async with engine.connect() as connection:
            autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
            await autocommit.execute(text("VACUUM ANALYZE"))
    finally:
        await engine.dispose()
    # Valid well past the run (access tokens normally last 15 minutes).
    lifetime = timedelta(hours=1) + 4 * timedelta(seconds=args.duration)
    tokens = [
        create_token(user_id=uid, token_type=TokenType.ACCESS, secret=secret, lifetime=lifetime)[0]
        for uid in user_ids
    ]
    step(f"Inserted {len(user_ids)} customers and {len(product_ids)} products")
    return Fixture(tokens, product_ids, str(version))


@dataclass
class Check:
    orders: int
    items: int
    units_sold: int
    units_moved: int
    negative_stock: int
    unbalanced_products: int
    order_events: int


async def check_database(url: URL) -> Check:
    """What the orders run left behind, and whether it adds up."""
    engine = create_engine(url.render_as_string(hide_password=False))
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


# --- CPU accounting (Linux /proc): who used the two cores during a run --------------------


def _proc_table() -> dict[int, tuple[str, int, float]]:
    """pid -> (command, parent pid, CPU seconds of itself and its reaped children)."""
    table = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            raw = stat.read_text()
        except OSError:
            continue
        comm = raw[raw.index("(") + 1 : raw.rindex(")")]
        fields = raw[raw.rindex(")") + 2 :].split()
        # fields[1] is ppid; [11:15] are utime, stime, cutime, cstime in clock ticks.
        ticks = sum(int(value) for value in fields[11:15])
        table[int(stat.parent.name)] = (comm, int(fields[1]), ticks / CLOCK_TICKS)
    return table


def _tree_cpu(table: dict[int, tuple[str, int, float]], root: int) -> float:
    members, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, (_, ppid, _) in table.items() if ppid == parent]
        members.update(children)
        frontier.extend(children)
    return sum(table[pid][2] for pid in members if pid in table)


@dataclass
class CpuSample:
    wall: float
    server: float
    postgres: float
    children: float  # the load generator: our reaped child processes


def cpu_sample(server_pid: int | None) -> CpuSample:
    table = _proc_table() if Path("/proc/self/stat").exists() else {}
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return CpuSample(
        wall=time.monotonic(),
        server=_tree_cpu(table, server_pid) if server_pid else 0.0,
        postgres=sum(cpu for comm, _, cpu in table.values() if comm.startswith("postgres")),
        children=usage.ru_utime + usage.ru_stime,
    )


def cpu_line(before: CpuSample, after: CpuSample, generator: str) -> str:
    wall = max(after.wall - before.wall, 1e-9)
    parts = []
    if after.server:
        parts.append(f"server {(after.server - before.server) / wall:.2f}")
    if after.postgres:
        parts.append(f"postgres {(after.postgres - before.postgres) / wall:.2f}")
    parts.append(f"{generator} {(after.children - before.children) / wall:.2f}")
    return f"cores busy of {os.cpu_count()}: " + ", ".join(parts)


def busy_cores(seconds: float = 1.0) -> float | None:
    """How many cores the whole machine keeps busy, sampled over `seconds` (None off Linux)."""

    def sample() -> tuple[int, int]:
        values = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
        idle = values[3] + values[4]  # idle + iowait
        return sum(values[:8]) - idle, sum(values[:8])

    try:
        busy_before, total_before = sample()
        time.sleep(seconds)
        busy_after, total_after = sample()
    except (OSError, ValueError, IndexError):
        return None
    share = (busy_after - busy_before) / max(total_after - total_before, 1)
    return share * (os.cpu_count() or 1)


# --- the server ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    with httpx.Client(trust_env=False, timeout=2) as client:  # never through a proxy
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise SystemExit(f"webshop serve exited with {process.returncode}:\n{tail(log)}")
            try:
                if client.get(f"http://127.0.0.1:{port}/health").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
    raise SystemExit(f"webshop serve not healthy after {START_TIMEOUT:.0f} s:\n{tail(log)}")


def tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def stop(process: subprocess.Popen[bytes], name: str) -> None:
    """SIGTERM to the PID (uvicorn stops its workers), then SIGKILL to its process group."""
    if process.poll() is not None:
        return
    step(f"Stopping {name} (pid {process.pid})")
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        step(f"{name} ignored SIGTERM for {STOP_TIMEOUT:.0f} s; killing it")
        os.killpg(process.pid, signal.SIGKILL)  # its own session: the group id is its PID
        process.wait(timeout=STOP_TIMEOUT)


@contextmanager
def webshop_server(
    url: URL, workers: int, secret: str, data_dir: Path
) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    port = free_port()
    log = data_dir / "serve.log"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_URL", "SECRET_KEY", "ADMIN_", "KAFKA_"))
    }
    env.update(
        DATABASE_URL=url.render_as_string(hide_password=False),
        SECRET_KEY=secret,
        DATA_DIR=str(data_dir),
        BCRYPT_ROUNDS="4",
        ADMIN_PASSWORD=secrets.token_urlsafe(24),
        KAFKA_ENABLED="false",
    )
    step(f"Starting webshop serve --workers {workers} on 127.0.0.1:{port} (log: {log})")
    with log.open("ab") as output:
        process = subprocess.Popen(  # noqa: S603 - our own executable, fixed arguments
            [str(WEBSHOP), "serve", "--port", str(port), "--workers", str(workers)],
            stdout=output,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=data_dir,  # no stray .env from the current directory
            start_new_session=True,  # Ctrl-C reaches only us; we stop it below
        )
    try:
        wait_healthy(port, process, log)
        step(f"Server healthy (pid {process.pid})")
        yield port, process
    finally:
        stop(process, "webshop serve")


# --- wrk and pgbench ----------------------------------------------------------------------


@contextmanager
def started(
    command: list[str], env: dict[str, str] | None = None
) -> Iterator[subprocess.Popen[str]]:
    """Run a load generator; whatever happens, it does not outlive this block."""
    process = subprocess.Popen(  # noqa: S603 - tools found by shutil.which, our arguments
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def run_tool(
    command: list[str], timeout: float, env: dict[str, str] | None = None, *, quiet: bool = False
) -> tuple[str, str]:
    """Run to completion (within `timeout`) and return stdout and stderr; fail loudly."""
    with started(command, env) as process:
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise SystemExit(f"{command[0]} did not finish within {timeout:.0f} s") from None
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{stdout}\n{stderr}")
    if stderr.strip() and not quiet:
        print(stderr.rstrip(), file=sys.stderr)
    return str(stdout), str(stderr)


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass
class WrkResult:
    requests_per_sec: float
    requests: int
    p50_ms: float
    p99_ms: float
    non_2xx: int = 0
    socket_errors: str = ""
    lua: dict[str, str] = field(default_factory=dict)
    output: str = ""


def parse_wrk(output: str) -> WrkResult:
    def latency(percent: str) -> float:
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
        return float(match[1]) * UNITS[match[2]] if match else float("nan")

    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M)
    count = re.search(r"^\s+(\d+) requests in", output, re.M)
    if not rate or not count:
        raise SystemExit(f"Could not read wrk's output:\n{output}")
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors:\s+(.+)$", output, re.M)
    lua = dict(re.findall(r"^orders-bench: (\w+)[= ](.*)$", output, re.M))
    return WrkResult(
        requests_per_sec=float(rate[1]),
        requests=int(count[1]),
        p50_ms=latency("50"),
        p99_ms=latency("99"),
        non_2xx=int(non_2xx[1]) if non_2xx else 0,
        socket_errors=errors[1].strip() if errors else "",
        lua=lua,
        output=output,
    )


def wrk(wrk_path: str, args: argparse.Namespace, duration: int, target: list[str]) -> WrkResult:
    threads = min(2, args.connections)
    command = [wrk_path, f"-t{threads}", f"-c{args.connections}", f"-d{duration}s", "--latency"]
    return parse_wrk(run_tool([*command, *target], timeout=duration + 60)[0])


@dataclass
class PgbenchResult:
    tps: float
    latency_ms: float
    failed: str


def pgbench(pgbench_path: str, url: URL, args: argparse.Namespace) -> PgbenchResult:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    env.update(
        PGHOST=url.host or "127.0.0.1",
        PGPORT=str(url.port or 5432),
        PGUSER=url.username or "postgres",
        PGDATABASE=str(url.database),
        PGAPPNAME="webshop-bench-pgbench",
    )
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    step(f"pgbench -i -s {PGBENCH_SCALE} (about {PGBENCH_SCALE * 100_000:,} accounts)")
    _, log = run_tool(
        [pgbench_path, "-i", "-q", "-s", str(PGBENCH_SCALE)], timeout=900, env=env, quiet=True
    )
    step("  " + (log.strip().splitlines() or ["initialised"])[-1])
    threads = str(min(2, args.connections))
    step(f"pgbench -c {args.connections} -j {threads} -T {args.duration} (TPC-B-like)")
    before = cpu_sample(None)
    output, _ = run_tool(
        [pgbench_path, "-c", str(args.connections), "-j", threads, "-T", str(args.duration)],
        timeout=args.duration + 120,
        env=env,
        quiet=True,
    )
    step("  " + cpu_line(before, cpu_sample(None), "pgbench"))
    tps = re.search(r"^tps = ([\d.]+) \(without initial connection time\)", output, re.M)
    if not tps:
        raise SystemExit(f"Could not read pgbench's output:\n{output}")
    latency = re.search(r"^latency average = ([\d.]+) ms", output, re.M)
    failed = re.search(r"^number of failed transactions: (.+)$", output, re.M)
    return PgbenchResult(
        tps=float(tps[1]),
        latency_ms=float(latency[1]) if latency else float("nan"),
        failed=failed[1] if failed else "n/a",
    )


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
        fixture = asyncio.run(prepare(url, args, secret))
        data_file = data_dir / "wrk_orders.txt"
        data_file.write_text(
            "".join(f"T {token}\n" for token in fixture.tokens)
            + "".join(f"P {product_id}\n" for product_id in fixture.product_ids)
        )

        with webshop_server(url, args.workers, secret, data_dir) as (port, server):
            base = f"http://127.0.0.1:{port}"
            if args.warmup:
                step(f"Warm-up: wrk GET /health for {args.warmup} s (not counted)")
                wrk(wrk_path, args, args.warmup, [f"{base}/health"])

            step(f"wrk GET /health for {args.duration} s (the ceiling)")
            before = cpu_sample(server.pid)
            health = wrk(wrk_path, args, args.duration, [f"{base}/health"])
            step("  " + cpu_line(before, cpu_sample(server.pid), "wrk"))

            step(f"wrk POST /orders/ for {args.duration} s")
            before = cpu_sample(server.pid)
            orders = wrk(
                wrk_path,
                args,
                args.duration,
                ["-s", str(LUA_SCRIPT), f"{base}/orders/", "--", str(data_file)],
            )
            step("  " + cpu_line(before, cpu_sample(server.pid), "wrk"))
            # Graceful shutdown lets in-flight orders finish before the database is checked.
            stop(server, "webshop serve")

        check = asyncio.run(check_database(url))
        bench = pgbench(pgbench_path, url, args)
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
        f"== Orders throughput: PostgreSQL {fixture.server_version}, {os.cpu_count()} CPUs, "
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
    stock_ok = (
        check.negative_stock == 0
        and check.unbalanced_products == 0
        and check.units_moved == check.units_sold
    )
    print(
        f"stock: {'OK' if stock_ok else 'MISMATCH'} ({check.negative_stock} negative, "
        f"{check.unbalanced_products} products where initial - sold != stock, "
        f"{check.units_moved} units in sale movements)"
    )
    print(
        f"pgbench: latency average {bench.latency_ms:.2f} ms, failed transactions: {bench.failed}"
    )
    if not stock_ok or check.order_events != check.orders or check.orders < created:
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

    tools = {name: shutil.which(name) for name in ("wrk", "pgbench")}
    missing = [name for name, path in tools.items() if path is None]
    if missing:
        raise SystemExit(f"Not found: {', '.join(missing)} (apt-get install wrk postgresql-client)")
    if not WEBSHOP.exists():
        raise SystemExit(f"{WEBSHOP} not found: run this with the project's .venv/bin/python")
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    try:
        run(args, str(tools["wrk"]), str(tools["pgbench"]))
    except KeyboardInterrupt:
        print("\nInterrupted; everything started was stopped.", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
