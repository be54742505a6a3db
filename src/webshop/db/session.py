"""One async engine per process and one sessionmaker; the request-scoped session is
`webshop.api.deps.SessionDep`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event, make_url
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry

SQLITE_BUSY_TIMEOUT_MS = 30_000


def create_engine(database_url: str, **kwargs: Any) -> AsyncEngine:
    """Create the engine; on SQLite turn on WAL, foreign keys and real transaction control."""
    if not database_url.startswith("sqlite"):
        # asyncpg caches prepared statements; after five runs PostgreSQL would switch them to a
        # generic plan that guesses a search matches 500 rows whatever the words. Plan each run.
        connect_args = {"server_settings": {"plan_cache_mode": "force_custom_plan"}}
        return create_async_engine(
            database_url, pool_pre_ping=True, connect_args=connect_args, **kwargs
        )

    database = make_url(database_url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(
        database_url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, **kwargs
    )

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: DBAPIConnection, _: ConnectionPoolEntry) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin, so that
        # SAVEPOINT and rollback behave as on PostgreSQL.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        # SQLite has one writer. A deferred transaction that reads and then writes fails at
        # once with "database is locked" if another writer committed in between; taking the
        # write lock up front makes writers queue (for up to busy_timeout) instead.
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


async def release(session: AsyncSession) -> None:
    """End the current transaction, keeping loaded objects usable.

    Call it before slow work that needs no database (bcrypt, image processing), so the
    request holds no locks meanwhile; the next statement begins a new transaction.
    """
    await session.commit()
