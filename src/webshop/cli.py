"""The `webshop` command: serve, migrate, create-admin, seed, events, check."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import TypeVar

import click
import uvicorn
from aiokafka.errors import KafkaError
from pydantic import ValidationError
from sqlalchemy import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from webshop import __version__
from webshop.analytics import counting
from webshop.auth import service as auth_service
from webshop.core.config import Settings, get_settings
from webshop.core.errors import DomainError
from webshop.core.logging import configure_logging
from webshop.core.metrics import MULTIPROCESS_DIR
from webshop.db import migrate as db_migrate
from webshop.db.session import (
    Timeouts,
    create_engine,
    create_sessionmaker,
    failure_reason,
    is_outage,
)
from webshop.demo import seed as demo
from webshop.events.consumer import AnalyticsConsumer
from webshop.events.relay import Relay
from webshop.events.transport import ensure_topics, topics_of, transport_for
from webshop.integrity import service as integrity
from webshop.integrity.schemas import CheckResult, IntegrityReport
from webshop.users.models import UserRole

T = TypeVar("T")
# While `webshop serve` waits for the database: how often it tries, and how often it says so.
STARTUP_RETRY_SECONDS = 1.0
STARTUP_REPORT_SECONDS = 10.0


@asynccontextmanager
async def command_engine(*, statement_timeout: bool = True) -> AsyncIterator[AsyncEngine]:
    """A short-lived engine for one command (commands have no app and no lifespan)."""
    settings = get_settings()
    timeouts = Timeouts.of(settings)
    if not statement_timeout:
        timeouts = replace(timeouts, statement=0)
    engine = create_engine(settings.DATABASE_URL, timeouts)
    try:
        yield engine
    finally:
        await engine.dispose()


def run_with_session(work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """Run `work` with a session on a short-lived engine."""

    async def runner() -> T:
        async with command_engine() as engine, create_sessionmaker(engine)() as session:
            return await work(session)

    try:
        return asyncio.run(runner())
    except DomainError as exc:
        raise click.ClickException(exc.detail) from exc


def database_address(url: str) -> str:
    """Where the database is, for messages: never the URL, which may hold a password."""
    parsed = make_url(url)
    return f"{parsed.host}:{parsed.port or 5432}" if parsed.host else str(parsed.database)


def wait_for_database(settings: Settings) -> None:
    """Try to connect until DATABASE_STARTUP_WAIT_SECONDS pass, saying now and then what is
    awaited; then give up with a message (a database that refuses us for good, at once)."""
    where = database_address(settings.DATABASE_URL)
    wait = settings.DATABASE_STARTUP_WAIT_SECONDS

    async def last_failure() -> str | None:
        deadline = time.monotonic() + wait
        next_report = time.monotonic()
        async with command_engine() as engine:
            while True:
                try:
                    async with engine.connect():
                        return None
                except SQLAlchemyError as exc:
                    if not is_outage(exc):
                        raise click.ClickException(
                            f"Cannot use the database at {where}: {failure_reason(exc)}"
                        ) from exc
                    reason = failure_reason(exc)
                left = deadline - time.monotonic()
                if left <= 0:
                    return reason
                if time.monotonic() >= next_report:
                    click.echo(
                        f"Waiting for the database at {where} ({reason})... {left:.0f} s left",
                        err=True,
                    )
                    next_report = time.monotonic() + STARTUP_REPORT_SECONDS
                await asyncio.sleep(min(STARTUP_RETRY_SECONDS, left))

    reason = asyncio.run(last_failure())
    if reason is not None:
        raise click.ClickException(
            f"The database at {where} did not answer within {wait:g} s ({reason}). "
            "Is it running, and is DATABASE_URL right?"
        )


def upgrade_database() -> None:
    async def runner() -> None:
        # A migration may rewrite a large table: no statement timeout.
        async with command_engine(statement_timeout=False) as engine:
            await db_migrate.upgrade(engine)

    get_settings().DATA_DIR.mkdir(parents=True, exist_ok=True)
    asyncio.run(runner())


def seed_admin() -> None:
    settings = get_settings()
    seed = run_with_session(lambda session: auth_service.ensure_admin(session, settings=settings))
    if not seed.created:
        if seed.user.role is UserRole.ADMIN:
            click.echo(f"Administrator: {seed.user.username} <{seed.user.email}> (already exists)")
        else:
            click.secho(
                f"Warning: {seed.user.username} <{seed.user.email}> matches ADMIN_EMAIL or "
                "ADMIN_USERNAME but is not an administrator; create one with "
                "`webshop create-admin`.",
                fg="red",
            )
        return
    click.echo(f"Created administrator {seed.user.username} <{seed.user.email}>.")
    if seed.generated_password:
        click.secho(
            f"  Generated password (shown once, change it after logging in): "
            f"{seed.generated_password}",
            fg="yellow",
        )


@click.group()
@click.version_option(__version__, prog_name="webshop")
def main() -> None:
    """WebShop: run the shop and manage its data."""


@main.command()
def migrate() -> None:
    """Upgrade the database to the latest schema."""
    upgrade_database()
    click.echo("Database is up to date.")


def share_metrics_between_workers() -> str | None:
    """Workers count into files of one new folder, so any one of them serves the sum of all
    at /metrics. Returns the folder when it made one (for `serve` to remove at the end)."""
    if os.environ.get(MULTIPROCESS_DIR):
        return None
    os.environ[MULTIPROCESS_DIR] = folder = tempfile.mkdtemp(prefix="webshop-metrics-")
    return folder


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64))
@click.option("--reload", is_flag=True, help="Restart when the code changes (development).")
def serve(host: str, port: int, workers: int, reload: bool) -> None:
    """Upgrade the database, seed the administrator, and serve the shop."""
    settings = get_settings()
    configure_logging(settings)
    wait_for_database(settings)
    upgrade_database()
    seed_admin()
    settings.secret_key  # noqa: B018 - create the signing key before workers race for it
    click.echo(f"WebShop {__version__} on http://{host}:{port}")
    click.echo(
        f"  Log in at http://{host}:{port}/docs (Authorize) or POST /auth/login "
        f"as {settings.ADMIN_USERNAME!r} or {settings.ADMIN_EMAIL!r}."
    )
    metrics_folder = share_metrics_between_workers() if workers > 1 and not reload else None
    trusted = ",".join(str(network) for network in settings.TRUSTED_PROXIES)
    try:
        uvicorn.run(
            "webshop.main:create_app",
            factory=True,
            host=host,
            port=port,
            workers=None if reload else workers,
            reload=reload,
            # The client's address and scheme (https) come from X-Forwarded-* only when the
            # connection comes from one of TRUSTED_PROXIES.
            proxy_headers=bool(trusted),
            forwarded_allow_ips=trusted or None,
            # A worker starting on a busy machine can take longer than uvicorn's 5 s to answer
            # its supervisor; killed for it, it would start over, and again.
            timeout_worker_healthcheck=30,
            # Our handlers and levels (see configure_logging); the access log is our middleware's.
            log_config=None,
            access_log=False,
        )
    finally:
        if metrics_folder is not None:
            shutil.rmtree(metrics_folder, ignore_errors=True)


@main.command("create-admin")
@click.option("--email", prompt=True)
@click.option("--username", prompt=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def create_admin(email: str, username: str, password: str) -> None:
    """Create an administrator account."""
    upgrade_database()
    rounds = get_settings().BCRYPT_ROUNDS
    try:
        user = run_with_session(
            lambda session: auth_service.create_admin(
                session, email=email, username=username, password=password, rounds=rounds
            )
        )
    except ValidationError as exc:
        messages = "; ".join(f"{e['loc'][0]}: {e['msg']}" for e in exc.errors())
        raise click.ClickException(messages) from exc
    click.echo(f"Created administrator {user.username} <{user.email}>.")


@main.group()
def events() -> None:
    """Event delivery: the outbox relay, the analytics consumer, Kafka topics."""


def run_until_interrupted(work: Callable[[asyncio.Event], Awaitable[None]]) -> None:
    """Run `work(stop)` until Ctrl-C or SIGTERM sets `stop`, then let it finish cleanly."""

    async def runner() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        await work(stop)

    configure_logging(get_settings())
    asyncio.run(runner())


@events.command("relay")
def events_relay() -> None:
    """Deliver the outbox (to Kafka when KAFKA_ENABLED, else in-process) until stopped."""
    settings = get_settings()
    upgrade_database()

    async def relay(stop: asyncio.Event) -> None:
        async with command_engine() as engine:
            sessionmaker = create_sessionmaker(engine)
            handler = counting.event_handler(settings.shop_zone)
            transport = transport_for(settings, sessionmaker, handler)
            await Relay(settings, sessionmaker, transport).run(stop)

    run_until_interrupted(relay)


@events.command("consume")
def events_consume() -> None:
    """Consume the analytics topic into the analytics tables until stopped (Kafka only)."""
    settings = get_settings()
    if not settings.KAFKA_ENABLED:
        raise click.ClickException(
            "KAFKA_ENABLED is false: events are applied in-process by the relay; "
            "there is nothing to consume."
        )
    upgrade_database()

    async def consume(stop: asyncio.Event) -> None:
        async with command_engine() as engine:
            handler = counting.event_handler(settings.shop_zone)
            await AnalyticsConsumer(settings, create_sessionmaker(engine), handler).run(stop)

    run_until_interrupted(consume)


@events.command("init-topics")
def events_init_topics() -> None:
    """Create the Kafka topics the shop uses, if they do not exist."""
    settings = get_settings()
    try:
        created = asyncio.run(ensure_topics(settings))
    except (KafkaError, OSError) as exc:
        raise click.ClickException(
            f"Kafka at {settings.KAFKA_BOOTSTRAP_SERVERS} is not reachable: {exc!r}"
        ) from exc
    for topic in topics_of(settings):
        click.echo(f"{topic}: {'created' if topic in created else 'exists'}")


@main.command()
def seed() -> None:
    """Fill the shop with demo data (safe to run again)."""
    upgrade_database()
    seed_admin()
    settings = get_settings()
    run_with_session(lambda session: demo.seed_demo_data(session, settings, echo=click.echo))


# Rows of a finding printed per check (the report holds up to `integrity.MAX_ROWS`).
CHECK_ROWS_SHOWN = 10


@main.command()
@click.option(
    "--stuck-after",
    "stuck_after",
    type=click.IntRange(1, integrity.MAX_STUCK_MINUTES),
    metavar="MINUTES",
    help="An event unsent for longer is stuck [default: INTEGRITY_OUTBOX_STUCK_MINUTES].",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def check(stuck_after: int | None, as_json: bool) -> None:
    """Check that stock, orders, summaries and the outbox agree; exit 1 on any finding."""
    settings = get_settings()
    minutes = stuck_after or settings.INTEGRITY_OUTBOX_STUCK_MINUTES
    where = database_address(settings.DATABASE_URL)
    with click.progressbar(
        length=len(integrity.CHECKS),
        label=f"Checking the shop at {where}",
        file=sys.stderr,
        item_show_func=lambda name: name,
    ) as bar:
        try:
            report = asyncio.run(
                integrity_report(
                    timedelta(minutes=minutes), lambda result: bar.update(1, result.name)
                )
            )
        except (SQLAlchemyError, OSError) as exc:
            hint = "" if is_outage(exc) else " Is it migrated (`webshop migrate`)?"
            raise click.ClickException(
                f"Cannot check the database at {where}: {failure_reason(exc)}.{hint}"
            ) from exc
    if as_json:
        click.echo(report.model_dump_json(indent=2))
    else:
        print_report(report)
    if not report.ok:
        sys.exit(1)


async def integrity_report(
    stuck_after: timedelta, on_checked: Callable[[CheckResult], None]
) -> IntegrityReport:
    """Every integrity check, read in a read-only session: on SQLite the shop's writers go on
    meanwhile."""
    async with command_engine() as engine, create_sessionmaker(engine, read_only=True)() as session:
        return await integrity.run_checks(session, stuck_after=stuck_after, on_checked=on_checked)


def print_report(report: IntegrityReport) -> None:
    """One line per check, and under a finding the rows involved."""
    width = max(len(result.name) for result in report.checks)
    for result in report.checks:
        if result.ok:
            click.echo(f"{result.name:<{width}}  OK")
            continue
        click.secho(f"{result.name:<{width}}  FAILED  {result.finding}", fg="red")
        for row in result.rows[:CHECK_ROWS_SHOWN]:
            click.echo("    " + " ".join(f"{name}={value}" for name, value in row.items()))
        if result.total > CHECK_ROWS_SHOWN:
            click.echo(f"    ... {CHECK_ROWS_SHOWN} of {result.total:,} shown")
    failed, checks = len(report.failed), len(report.checks)
    if failed:
        click.secho(f"{failed} of {checks} checks failed ({report.seconds:.1f} s).", fg="red")
    else:
        click.echo(f"All {checks} checks passed ({report.seconds:.1f} s).")


@main.command()
@click.option(
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the schema to this file instead of standard output.",
)
def openapi(output: Path | None) -> None:
    """Print the API's OpenAPI schema (the web UI's client types are generated from it)."""
    from webshop.main import create_app  # noqa: PLC0415 - only this command needs the app

    with tempfile.TemporaryDirectory() as data_dir:
        # Defaults, not this machine's settings: the schema is the same wherever it is dumped.
        settings = Settings(_env_file=None, DATA_DIR=Path(data_dir), SECRET_KEY="x" * 32)
        schema = json.dumps(create_app(settings).openapi(), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        click.echo(schema, nl=False)
    else:
        output.write_text(schema, encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
