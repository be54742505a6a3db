"""The `webshop` command, run as a user would run it, against a fresh SQLite database."""

import asyncio
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from webshop import cli
from webshop.auth import service as auth_service
from webshop.cli import main
from webshop.core import security
from webshop.core.config import get_settings
from webshop.db.session import create_engine, create_sessionmaker
from webshop.users.models import User, UserRole
from webshop.users.schemas import UserCreate


def users_in(shop_dir: Path) -> list[User]:
    async def fetch() -> list[User]:
        engine = create_engine(f"sqlite+aiosqlite:///{shop_dir / 'cli.db'}")
        try:
            async with create_sessionmaker(engine)() as session:
                return list((await session.execute(select(User).order_by(User.id))).scalars())
        finally:
            await engine.dispose()

    return asyncio.run(fetch())


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input)


def test_migrate_creates_the_schema(shop_dir):
    result = run("migrate")

    assert result.exit_code == 0, result.output
    assert "up to date" in result.output
    assert users_in(shop_dir) == []


def test_create_admin_with_options(shop_dir):
    result = run(
        "create-admin",
        "--email",
        "Root@Example.com",
        "--username",
        "root",
        "--password",
        "long enough pw",
    )

    assert result.exit_code == 0, result.output
    [user] = users_in(shop_dir)
    assert (user.email, user.username, user.role) == ("root@example.com", "root", UserRole.ADMIN)


def test_create_admin_prompts_for_what_is_missing(shop_dir):
    result = run("create-admin", input="root@example.com\nroot\nlong enough pw\nlong enough pw\n")

    assert result.exit_code == 0, result.output
    assert "Password" in result.output
    assert "long enough pw" not in result.output  # typed input is hidden
    assert [user.username for user in users_in(shop_dir)] == ["root"]


def test_create_admin_refuses_bad_or_duplicate_input(shop_dir):
    weak = run("create-admin", "--email", "a@example.com", "--username", "ab", "--password", "x")
    assert weak.exit_code != 0
    assert "username" in weak.output
    assert "password" in weak.output

    args = ["--email", "a@example.com", "--username", "root", "--password", "long enough pw"]
    assert run("create-admin", *args).exit_code == 0
    again = run("create-admin", *args)
    assert again.exit_code != 0
    assert "already exists" in again.output


def seed_admin_output(capsys: pytest.CaptureFixture[str]) -> str:
    """What start-up prints while seeding the administrator (as `serve` and `seed` do)."""
    cli.upgrade_database()
    cli.seed_admin()
    return capsys.readouterr().out


def test_the_admin_is_seeded_once_with_a_generated_password(shop_dir, monkeypatch, capsys):
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)

    first = seed_admin_output(capsys)
    second = seed_admin_output(capsys)

    match = re.search(r"Generated password .*: (\S+)", first)
    assert match, first
    assert len(match.group(1)) >= 20
    assert "Generated password" not in second
    assert "already exists" in second
    [admin] = users_in(shop_dir)
    assert (admin.username, admin.role) == ("boss", UserRole.ADMIN)
    assert security.verify_password(match.group(1), admin.password_hash)


def test_admin_seed_uses_admin_password_when_set(shop_dir, monkeypatch, capsys):
    monkeypatch.setenv("ADMIN_PASSWORD", "configured admin pw")
    get_settings.cache_clear()

    output = seed_admin_output(capsys)

    assert "Generated password" not in output
    [admin] = users_in(shop_dir)
    assert security.verify_password("configured admin pw", admin.password_hash)


def test_seed_warns_when_the_admin_name_belongs_to_a_customer(shop_dir, monkeypatch, capsys):
    cli.upgrade_database()
    cli.run_with_session(
        lambda session: auth_service.register_user(
            session,
            UserCreate(email="alice@example.com", username="alice", password="long enough pw"),
            settings=get_settings(),
        )
    )
    monkeypatch.setenv("ADMIN_EMAIL", "alice@example.com")
    monkeypatch.setenv("ADMIN_USERNAME", "alice")
    get_settings.cache_clear()

    output = seed_admin_output(capsys)

    assert "is not an administrator" in output
    assert [u.role for u in users_in(shop_dir)] == [UserRole.CUSTOMER]


def test_version(shop_dir):
    result = run("--version")
    assert result.exit_code == 0
    assert "webshop" in result.output
