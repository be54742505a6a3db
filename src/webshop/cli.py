"""The `webshop` command: serve, migrate, create-admin, seed, events."""

from __future__ import annotations

import asyncio
import json
import signal
import sys
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TypeVar

import click
import uvicorn
from aiokafka.errors import KafkaError
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from webshop import __version__
from webshop.analytics import service as analytics_service
from webshop.auth import service as auth_service
from webshop.core.config import Settings, get_settings
from webshop.core.errors import DomainError
from webshop.core.logging import configure_logging
from webshop.db import migrate as db_migrate
from webshop.db.session import create_engine, create_sessionmaker
from webshop.demo import seed as demo
from webshop.events.consumer import AnalyticsConsumer
from webshop.events.relay import Relay
from webshop.events.transport import ensure_topics, topics_of, transport_for
from webshop.users.models import UserRole

T = TypeVar("T")


@asynccontextmanager
async def command_engine() -> AsyncIterator[AsyncEngine]:
    """A short-lived engine for one command (commands have no app and no lifespan)."""
    engine = create_engine(get_settings().DATABASE_URL)
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


def upgrade_database() -> None:
    async def runner() -> None:
        async with command_engine() as engine:
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


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64))
@click.option("--reload", is_flag=True, help="Restart when the code changes (development).")
def serve(host: str, port: int, workers: int, reload: bool) -> None:
    """Upgrade the database, seed the administrator, and serve the shop."""
    settings = get_settings()
    upgrade_database()
    seed_admin()
    settings.secret_key  # noqa: B018 - create the signing key before workers race for it
    click.echo(f"WebShop {__version__} on http://{host}:{port}")
    click.echo(
        f"  Log in at http://{host}:{port}/docs (Authorize) or POST /auth/login "
        f"as {settings.ADMIN_USERNAME!r} or {settings.ADMIN_EMAIL!r}."
    )
    uvicorn.run(
        "webshop.main:create_app",
        factory=True,
        host=host,
        port=port,
        workers=None if reload else workers,
        reload=reload,
        proxy_headers=True,
        log_level="info",
    )


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

    configure_logging()
    asyncio.run(runner())


@events.command("relay")
def events_relay() -> None:
    """Deliver the outbox (to Kafka when KAFKA_ENABLED, else in-process) until stopped."""
    settings = get_settings()
    upgrade_database()

    async def relay(stop: asyncio.Event) -> None:
        async with command_engine() as engine:
            sessionmaker = create_sessionmaker(engine)
            handler = analytics_service.event_handler(settings.shop_zone)
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
            handler = analytics_service.event_handler(settings.shop_zone)
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
