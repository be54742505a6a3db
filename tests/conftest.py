"""Shared fixtures: one migrated database per run, a clean slate for every test.

The database is SQLite by default and PostgreSQL when `TEST_POSTGRES_URL` is set. Either way
it is built by Alembic, exactly as production builds it. Each test runs inside an outer
transaction that is rolled back at the end; services still call `commit()`, which
`join_transaction_mode="create_savepoint"` turns into savepoints.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession

from tests.databases import postgres_database
from tests.factories import DEFAULT_PASSWORD, auth_headers, create_user
from webshop.analytics import counting
from webshop.api.deps import get_session
from webshop.core.config import Settings, get_settings
from webshop.core.ratelimit import Limiter
from webshop.db import migrate
from webshop.db.base import Base
from webshop.db.ratelimit import DatabaseCounters
from webshop.db.session import create_engine, create_sessionmaker
from webshop.events.consumer import EventHandler
from webshop.main import create_app
from webshop.users.models import User, UserRole

TEST_SECRET = "test-secret-key-long-enough-for-every-hmac-variant-0123456789abcdefghij"


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("data")


@pytest.fixture(scope="session")
def database_url(data_dir: Path) -> Iterator[str]:
    """A database for this run: a new PostgreSQL database, or a SQLite file."""
    postgres_url = os.environ.get("TEST_POSTGRES_URL")
    if not postgres_url:
        yield f"sqlite+aiosqlite:///{data_dir / 'test.db'}"
        return
    with postgres_database(postgres_url) as url:
        yield url


@pytest.fixture(scope="session", autouse=True)
def settings(database_url: str, data_dir: Path) -> Iterator[Settings]:
    """Point the one settings object at the test database, with cheap bcrypt."""
    values = {
        "DATABASE_URL": database_url,
        "DATA_DIR": str(data_dir),
        "SECRET_KEY": TEST_SECRET,
        "BCRYPT_ROUNDS": "4",
        "ADMIN_EMAIL": "owner@example.com",
        "ADMIN_USERNAME": "owner",
        "KAFKA_ENABLED": "false",
        "RELAY_ENABLED": "false",  # tests that relay run one themselves
        "LOG_DIR": "",  # stdout only; tests of the log file give it a folder of their own
        # As if the web UI were not built, whatever a build left in the package (tests/web
        # make their own).
        "WEB_UI_DIR": str(data_dir / "no-web-ui"),
    }
    with pytest.MonkeyPatch.context() as patch:
        for key, value in values.items():
            patch.setenv(key, value)
        patch.delenv("ADMIN_PASSWORD", raising=False)
        get_settings.cache_clear()
        yield get_settings()
    get_settings.cache_clear()


@pytest.fixture
def event_handler(settings: Settings) -> EventHandler:
    """What the relay and the Kafka consumer apply events with: the analytics tables."""
    return counting.event_handler(settings.shop_zone)


@pytest.fixture(scope="session")
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(settings.DATABASE_URL)
    await migrate.upgrade(engine)
    yield engine
    await engine.dispose()


@pytest.fixture
async def connection(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    async with engine.connect() as connection:
        transaction = await connection.begin()
        yield connection
        await transaction.rollback()


def _savepoint_session(connection: AsyncConnection) -> AsyncSession:
    return AsyncSession(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )


@pytest.fixture
async def session(connection: AsyncConnection) -> AsyncIterator[AsyncSession]:
    async with _savepoint_session(connection) as session:
        yield session


def use_connection(app: Any, connection: AsyncConnection) -> None:
    """Give each of the app's requests its own session inside the test's transaction."""

    async def test_session() -> AsyncIterator[AsyncSession]:
        async with _savepoint_session(connection) as session:
            yield session

    app.dependency_overrides[get_session] = test_session

    @asynccontextmanager
    async def nested() -> AsyncIterator[AsyncConnection]:
        async with connection.begin_nested():
            yield connection

    app.state.limiter = Limiter(DatabaseCounters(nested, connection.dialect.name))


@pytest.fixture
def app(connection: AsyncConnection, settings: Settings) -> Any:
    """The real app, on the test's transaction."""
    app = create_app(settings)
    use_connection(app, connection)
    return app


def make_client(app: Any) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


@pytest.fixture
async def client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    async with make_client(app) as client:
        yield client


@pytest.fixture
async def committed_app(engine: AsyncEngine, settings: Settings) -> AsyncIterator[Any]:
    """The app on real, committing sessions, for tests that need concurrent connections.

    Every table is emptied afterwards.
    """
    app = create_app(settings)
    app.state.sessionmaker = create_sessionmaker(engine)
    app.state.read_sessionmaker = create_sessionmaker(engine, read_only=True)
    app.state.limiter = Limiter(DatabaseCounters.on(engine))
    yield app
    await empty_every_table(engine)


async def empty_every_table(engine: AsyncEngine) -> None:
    """Delete every row, the append-only audit trail's too (its guards set aside meanwhile)."""
    async with engine.begin() as conn:
        guards: list[str] = []
        if conn.dialect.name == "postgresql":
            await conn.execute(text("SET LOCAL session_replication_role = replica"))
        else:
            triggers = await conn.execute(
                text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
            )
            for name, sql in triggers.all():
                guards.append(sql)
                await conn.execute(text(f'DROP TRIGGER "{name}"'))
        for table in reversed(Base.metadata.sorted_tables):
            await conn.execute(table.delete())
        for sql in guards:
            await conn.execute(text(sql))


@pytest.fixture
async def customer(session: AsyncSession) -> User:
    return await create_user(session, username="carla", email="carla@example.com")


@pytest.fixture
async def admin(session: AsyncSession) -> User:
    return await create_user(
        session, username="adam", email="adam@example.com", role=UserRole.ADMIN
    )


@pytest.fixture
def customer_headers(customer: User) -> dict[str, str]:
    return auth_headers(customer)


@pytest.fixture
def admin_headers(admin: User) -> dict[str, str]:
    return auth_headers(admin)


@pytest.fixture
def login(client: httpx.AsyncClient) -> Callable[..., Any]:
    async def do_login(username: str, password: str = DEFAULT_PASSWORD) -> httpx.Response:
        return await client.post("/auth/login", data={"username": username, "password": password})

    return do_login


@pytest.fixture
async def count_rows(session: AsyncSession) -> Callable[..., Any]:
    async def count(table: str) -> int:
        return int((await session.execute(text(f"SELECT count(*) FROM {table}"))).scalar_one())

    return count
