"""What the benchmark scripts share. Scripts import it as `benchkit` (they run from this folder).

- a throw-away PostgreSQL database, settings that point an app at it, SIGTERM handling;
- timestamped progress lines (`step`) and a progress bar for fills (`Progress`);
- access tokens with the login session every request checks (`open_sessions`);
- processes started and stopped by their PID: `webshop serve`, any server (`served`), tools
  run to completion (`run_tool`);
- `wrk` and `pgbench`, their output read into figures, and who kept the CPUs busy meanwhile.
"""

from __future__ import annotations

import asyncio
import os
import re
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from types import FrameType
from typing import Any

import asyncpg
import httpx
from sqlalchemy import URL, insert, make_url, select
from sqlalchemy.ext.asyncio import AsyncConnection

from webshop.auth.models import LoginSession
from webshop.core.clock import utcnow
from webshop.core.config import Settings
from webshop.core.security import TokenType, create_token
from webshop.users.models import User

BENCH_SECRET = "bench-secret-" + "x" * 64
BENCH_DIR = Path(__file__).resolve().parent
WEBSHOP = Path(sys.executable).parent / "webshop"
DEFAULT_POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
START_TIMEOUT = 60.0
STOP_TIMEOUT = 20.0
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
STARTED = time.monotonic()
APT_PACKAGES = {"wrk": "wrk", "pgbench": "postgresql-client"}
STARTUP_COMPLETE = "Application startup complete"  # what each uvicorn worker logs when ready


def step(message: str) -> None:
    """One progress line: wall-clock time and seconds since the script started."""
    elapsed = time.monotonic() - STARTED
    print(f"[{time.strftime('%H:%M:%S')} {elapsed:6.1f}s] {message}", flush=True)


def stop_on_sigterm(signum: int, frame: FrameType | None) -> None:
    """SIGTERM unwinds like Ctrl-C, so every `finally` (the DROP DATABASE) still runs."""
    raise KeyboardInterrupt


# --- the throw-away database -------------------------------------------------------------


async def run_on_server(dsn: str, statement: str) -> None:
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@contextmanager
def throwaway_database(
    server_url: str, *, keep: bool = False, report: Callable[[str], None] = print
) -> Iterator[URL]:
    """A new, uniquely named database on the server; dropped afterwards whatever happens
    (unless `keep`)."""
    url = make_url(server_url)
    name = f"webshop_bench_{uuid.uuid4().hex[:12]}"
    dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    asyncio.run(run_on_server(dsn, f'CREATE DATABASE "{name}"'))
    report(f"Created database {name} on {url.host}:{url.port or 5432}")
    try:
        yield url.set(drivername="postgresql+asyncpg", database=name)
    finally:
        if keep:
            report(f'Kept database {name} (drop it with: DROP DATABASE "{name}" WITH (FORCE))')
        else:
            asyncio.run(run_on_server(dsn, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            report(f"Dropped database {name}")


def as_string(url: URL) -> str:
    return url.render_as_string(hide_password=False)


def asyncpg_dsn(database_url: str) -> str:
    return make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)


def configure(database_url: str, data_dir: Path, **extra: Any) -> Settings:
    """Settings for an app on the bench database (`create_app(settings)`)."""
    values: dict[str, Any] = {
        "DATABASE_URL": database_url,
        "DATA_DIR": str(data_dir),
        "SECRET_KEY": BENCH_SECRET,
        "BCRYPT_ROUNDS": "4",
        "KAFKA_ENABLED": "false",
        "RELAY_ENABLED": "false",
        **{key: str(value) for key, value in extra.items()},
    }
    return Settings(**values, _env_file=None)  # type: ignore[arg-type]


async def open_sessions(
    connection: AsyncConnection, user_ids: Sequence[int], secret: str, lifetime: timedelta
) -> list[str]:
    """An access token per user, each with the login session row every request looks up (as if
    the user had logged in); in the order of `user_ids`."""
    versions = dict(
        (await connection.execute(select(User.id, User.session_version))).tuples().all()
    )
    sessions = [str(uuid.uuid4()) for _ in user_ids]
    await connection.execute(
        insert(LoginSession),
        [
            {
                "id": session_id,
                "user_id": user_id,
                "expires_at": utcnow() + lifetime,
                "user_version": versions[user_id],
            }
            for session_id, user_id in zip(sessions, user_ids, strict=True)
        ],
    )
    return [
        create_token(
            user_id=user_id,
            token_type=TokenType.ACCESS,
            secret=secret,
            lifetime=lifetime,
            session_id=session_id,
        )[0]
        for session_id, user_id in zip(sessions, user_ids, strict=True)
    ]


# --- progress -----------------------------------------------------------------------------


class Progress:
    """A text bar updated in place on a terminal, else one line per 10%."""

    def __init__(self, label: str, total: int) -> None:
        self.label, self.total = label, total
        self.started = time.perf_counter()
        self.tty = sys.stdout.isatty()
        self.next_tenth = 1

    def update(self, done: int, rows: int) -> None:
        elapsed = max(time.perf_counter() - self.started, 1e-9)
        share = done / self.total if self.total else 1.0
        bar = "#" * int(share * 30)
        line = (
            f"  {self.label} [{bar:<30}] {share:4.0%} {done:,}/{self.total:,}"
            f"  {rows / elapsed:,.0f} rows/s  {elapsed:.0f} s"
        )
        if self.tty:
            print(line, end="\r", flush=True)
        elif share * 10 >= self.next_tenth or done == self.total:
            print(line, flush=True)
            self.next_tenth = int(share * 10) + 1

    def finish(self, done: int, rows: int, what: str) -> None:
        if self.tty:
            print()
        elapsed = time.perf_counter() - self.started
        print(f"  {what} in {elapsed:.1f} s ({rows / max(elapsed, 1e-9):,.0f} rows/s)")


# --- tools and processes ------------------------------------------------------------------


def find_tools(*names: str) -> dict[str, str]:
    """The paths of these programs; fail with what to install when any is missing."""
    found = {name: shutil.which(name) for name in names}
    missing = [name for name, path in found.items() if path is None]
    if missing:
        packages = " ".join(sorted({APT_PACKAGES.get(name, name) for name in missing}))
        raise SystemExit(f"Not found: {', '.join(missing)} (apt-get install -y {packages})")
    return {name: str(path) for name, path in found.items()}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


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


@dataclass
class Server:
    name: str
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def wait_healthy(server: Server, path: str = "/health") -> None:
    deadline = time.monotonic() + START_TIMEOUT
    with httpx.Client(trust_env=False, timeout=2) as client:  # never through a proxy
        while time.monotonic() < deadline:
            if server.process.poll() is not None:
                raise SystemExit(
                    f"{server.name} exited with {server.process.returncode}:\n{tail(server.log)}"
                )
            try:
                if client.get(f"{server.base}{path}").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
    raise SystemExit(f"{server.name} not healthy after {START_TIMEOUT:.0f} s:\n{tail(server.log)}")


def wait_for_lines(server: Server, needle: str, count: int) -> None:
    """Until `needle` is in the server's log `count` times (uvicorn: each worker says so)."""
    deadline = time.monotonic() + START_TIMEOUT
    while server.log.read_text(errors="replace").count(needle) < count:
        if server.process.poll() is not None:
            raise SystemExit(
                f"{server.name} exited with {server.process.returncode}:\n{tail(server.log)}"
            )
        if time.monotonic() > deadline:
            raise SystemExit(
                f"{server.name}: {count} x {needle!r} not logged after {START_TIMEOUT:.0f} s:\n"
                + tail(server.log)
            )
        time.sleep(0.2)


@contextmanager
def served(
    name: str,
    command: Sequence[str],
    env: dict[str, str],
    log: Path,
    *,
    port: int = 0,
    health: str | None = "/health",
    ready: tuple[str, int] | None = None,
    cwd: Path | None = None,
) -> Iterator[Server]:
    """Start `command` in its own session with its output in `log`; wait until `health`
    answers 200 on `port` (if given) and `log` has `ready[0]` in it `ready[1]` times (every
    worker started); stop it by its PID on the way out, whatever happens."""
    step(f"Starting {name}" + (f" on 127.0.0.1:{port}" if port else "") + f" (log: {log})")
    with log.open("ab") as output:
        process = subprocess.Popen(  # noqa: S603 - our own executables, fixed arguments
            list(command),
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            cwd=cwd,
            start_new_session=True,  # Ctrl-C in the terminal reaches us, not it
        )
    server = Server(name, process, port, log)
    try:
        if health is not None:
            wait_healthy(server, health)
        if ready is not None:
            wait_for_lines(server, *ready)
        if health is not None or ready is not None:
            step(f"  {name} is up (pid {process.pid})")
        yield server
    finally:
        stop(process, name)


def webshop_env(
    database_url: str, secret: str, data_dir: Path, **extra: str | int | float
) -> dict[str, str]:
    """The environment of a `webshop` process on the bench database: this one's, without any
    setting of its own, plus `extra` (e.g. KAFKA_ENABLED="true")."""
    ours = ("DATABASE_", "SECRET_KEY", "ADMIN_", "KAFKA_", "RELAY_", "LOG_", "CATALOG_", "DATA_DIR")
    env = {key: value for key, value in os.environ.items() if not key.startswith(ours)}
    env.update(
        DATABASE_URL=database_url,
        SECRET_KEY=secret,
        DATA_DIR=str(data_dir),
        LOG_DIR=str(data_dir / "logs"),
        BCRYPT_ROUNDS="4",
        ADMIN_PASSWORD=secrets.token_urlsafe(24),
        KAFKA_ENABLED="false",
    )
    env.update({key: str(value) for key, value in extra.items()})
    return env


@contextmanager
def webshop_server(
    database_url: str,
    workers: int,
    secret: str,
    data_dir: Path,
    *,
    log_name: str = "serve.log",
    **extra: str | int | float,
) -> Iterator[Server]:
    """The real `webshop serve --workers N` on a free port of 127.0.0.1, run from `data_dir`
    (no .env file, no ./logs of the repository)."""
    port = free_port()
    with served(
        f"webshop serve --workers {workers}",
        [str(WEBSHOP), "serve", "--port", str(port), "--workers", str(workers)],
        webshop_env(database_url, secret, data_dir, **extra),
        data_dir / log_name,
        port=port,
        ready=(STARTUP_COMPLETE, workers),
        cwd=data_dir,
    ) as server:
        yield server


@contextmanager
def started(
    command: list[str], env: dict[str, str] | None = None
) -> Iterator[subprocess.Popen[str]]:
    """A tool run by us: killed by its PID if we are interrupted before it ends."""
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


# --- wrk ----------------------------------------------------------------------------------

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass
class WrkResult:
    requests_per_sec: float
    requests: int
    p50_ms: float
    p99_ms: float
    p90_ms: float = float("nan")
    max_ms: float = float("nan")
    non_2xx: int = 0
    socket_errors: str = ""
    lua: dict[str, str] = field(default_factory=dict)
    output: str = ""

    def summary(self) -> str:
        line = (
            f"{self.requests_per_sec:,.1f} req/s, p50 {self.p50_ms:.1f} ms, "
            f"p99 {self.p99_ms:.1f} ms ({self.requests:,} requests"
        )
        if self.non_2xx:
            line += f", {self.non_2xx:,} not 2xx"
        if self.socket_errors:
            line += f", socket errors: {self.socket_errors}"
        return line + ")"


def parse_wrk(output: str) -> WrkResult:
    """wrk's --latency report; lines "<name>-bench: key=value" of our Lua scripts in `lua`."""

    def latency(percent: str) -> float:
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
        return float(match[1]) * UNITS[match[2]] if match else float("nan")

    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M)
    count = re.search(r"^\s+(\d+) requests in", output, re.M)
    if not rate or not count:
        raise SystemExit(f"Could not read wrk's output:\n{output}")
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors:\s+(.+)$", output, re.M)
    maximum = re.search(r"^\s+Latency\s+\S+\s+\S+\s+([\d.]+)(us|ms|s|m)", output, re.M)
    lua = dict(re.findall(r"^[\w-]+-bench: (\w+)[= ](.*)$", output, re.M))
    return WrkResult(
        requests_per_sec=float(rate[1]),
        requests=int(count[1]),
        p50_ms=latency("50"),
        p99_ms=latency("99"),
        p90_ms=latency("90"),
        max_ms=float(maximum[1]) * UNITS[maximum[2]] if maximum else float("nan"),
        non_2xx=int(non_2xx[1]) if non_2xx else 0,
        socket_errors=errors[1].strip() if errors else "",
        lua=lua,
        output=output,
    )


def wrk_command(
    wrk_path: str,
    url: str,
    *,
    connections: int,
    duration: float,
    script: Path | None = None,
    script_args: Sequence[str] = (),
    headers: Sequence[str] = (),
) -> list[str]:
    threads = min(2, connections)
    command = [wrk_path, f"-t{threads}", f"-c{connections}", f"-d{duration:g}s", "--latency"]
    command += [part for header in headers for part in ("-H", header)]
    if script is not None:
        command += ["-s", str(script)]
    command.append(url)
    if script_args:
        command += ["--", *script_args]
    return command


def wrk(
    wrk_path: str,
    url: str,
    *,
    connections: int,
    duration: float,
    script: Path | None = None,
    script_args: Sequence[str] = (),
    headers: Sequence[str] = (),
    pace_per_second: float | None = None,
) -> WrkResult:
    """Run wrk (2 threads at most) and read its report. `pace_per_second`: our Lua scripts
    space requests out to about that many per second in all (see wrk_pace.lua)."""
    command = wrk_command(
        wrk_path,
        url,
        connections=connections,
        duration=duration,
        script=script,
        script_args=script_args,
        headers=headers,
    )
    env = dict(os.environ, WRK_THREADS=str(min(2, connections)))
    if pace_per_second:
        env["WRK_PACE_MS"] = f"{min(2, connections) * 1000 / pace_per_second:.4f}"
    return parse_wrk(run_tool(command, timeout=duration + 60, env=env)[0])


# --- pgbench ------------------------------------------------------------------------------


@dataclass
class PgbenchResult:
    tps: float
    latency_ms: float
    failed: str


def pgbench(
    pgbench_path: str, url: URL, *, clients: int, duration: int, scale: int = 10
) -> PgbenchResult:
    """pgbench's TPC-B-like script on the database at `url` (its tables created first)."""
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
    step(f"pgbench -i -s {scale} (about {scale * 100_000:,} accounts)")
    _, log = run_tool(
        [pgbench_path, "-i", "-q", "-s", str(scale)], timeout=900, env=env, quiet=True
    )
    step("  " + (log.strip().splitlines() or ["initialised"])[-1])
    threads = str(min(2, clients))
    step(f"pgbench -c {clients} -j {threads} -T {duration} (TPC-B-like)")
    before = cpu_sample(None)
    output, _ = run_tool(
        [pgbench_path, "-c", str(clients), "-j", threads, "-T", str(duration)],
        timeout=duration + 120,
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


# --- CPU accounting (Linux /proc): who used the cores during a run ------------------------


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
