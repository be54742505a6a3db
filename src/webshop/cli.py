"""The `webshop` command: serve, migrate, create-admin, seed."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import TypeVar

import click
import uvicorn
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from webshop import __version__
from webshop.auth import service as auth_service
from webshop.core.config import get_settings
from webshop.core.errors import DomainError
from webshop.db import migrate as db_migrate
from webshop.db.session import create_engine, create_sessionmaker
from webshop.demo import seed as demo
from webshop.users.models import UserRole

T = TypeVar("T")


def run_with_session(work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """Run `work` with a session on a short-lived engine (commands have no app)."""

    async def runner() -> T:
        engine = create_engine(get_settings().DATABASE_URL)
        try:
            async with create_sessionmaker(engine)() as session:
                return await work(session)
        finally:
            await engine.dispose()

    try:
        return asyncio.run(runner())
    except DomainError as exc:
        raise click.ClickException(exc.detail) from exc


def upgrade_database() -> None:
    async def runner() -> None:
        engine = create_engine(get_settings().DATABASE_URL)
        try:
            await db_migrate.upgrade(engine)
        finally:
            await engine.dispose()

    get_settings().DATA_DIR.mkdir(parents=True, exist_ok=True)
    asyncio.run(runner())


def seed_admin() -> None:
    seed = run_with_session(auth_service.ensure_admin)
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
    try:
        user = run_with_session(
            lambda session: auth_service.create_admin(
                session, email=email, username=username, password=password
            )
        )
    except ValidationError as exc:
        messages = "; ".join(f"{e['loc'][0]}: {e['msg']}" for e in exc.errors())
        raise click.ClickException(messages) from exc
    click.echo(f"Created administrator {user.username} <{user.email}>.")


@main.command()
def seed() -> None:
    """Fill the shop with demo data (safe to run again)."""
    upgrade_database()
    seed_admin()
    run_with_session(lambda session: demo.seed_demo_data(session, echo=click.echo))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
