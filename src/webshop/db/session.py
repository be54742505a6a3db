"""One async engine per process and one sessionmaker; the request-scoped session is
`webshop.api.deps.SessionDep`."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import event, exc, make_url
from sqlalchemy.engine.interfaces import DBAPIConnection, Dialect, ExceptionContext
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry
from sqlalchemy.util import await_only

from webshop.core.config import Settings

SQLITE_BUSY_TIMEOUT_MS = 30_000
READ_ONLY = "webshop_read_only"  # execution option of a read-only sessionmaker's engine
# The server cancels a slow statement itself; the client waits this much longer before it
# gives up on a server that no longer answers at all.
CLIENT_TIMEOUT_MARGIN_SECONDS = 2.0
# SQLSTATE classes meaning the database is unreachable or overwhelmed, not that a statement is
# wrong: connection exception, insufficient resources, operator intervention (a statement
# timeout, a shutdown, a server still starting up).
OUTAGE_SQLSTATE_CLASSES = ("08", "53", "57")
# A pooled connection given back less than this long ago is not pinged before its next use: it
# just worked, and a busy server would otherwise spend a round trip of every request on pings.
# A server restarted within that time fails one request, which the pool then reconnects.
PING_AFTER_IDLE_SECONDS = 1.0
GIVEN_BACK_AT = "webshop_given_back_at"


@dataclass(frozen=True)
class Timeouts:
    """How long PostgreSQL may take, in seconds, before it counts as unavailable."""

    connect: float
    statement: float  # 0: no limit
    pool: float

    @classmethod
    def of(cls, settings: Settings) -> Timeouts:
        return cls(
            connect=settings.DATABASE_CONNECT_TIMEOUT_SECONDS,
            statement=settings.DATABASE_STATEMENT_TIMEOUT_SECONDS,
            pool=settings.DATABASE_POOL_TIMEOUT_SECONDS,
        )


def create_engine(
    database_url: str, timeouts: Timeouts | None = None, **kwargs: Any
) -> AsyncEngine:
    """Create the engine; on SQLite turn on WAL, foreign keys and real transaction control.

    `timeouts` bound the waits on PostgreSQL (None: the drivers' own, up to forever); SQLite is
    a local file and waits only for its write lock.
    """
    if not database_url.startswith("sqlite"):
        return _postgres_engine(database_url, timeouts, **kwargs)

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
        # write lock up front makes writers queue (for up to busy_timeout) instead. Readers
        # need no lock: WAL lets them read a snapshot while one writer works.
        read_only = connection.get_execution_options().get(READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


def _postgres_engine(database_url: str, timeouts: Timeouts | None, **kwargs: Any) -> AsyncEngine:
    # asyncpg caches prepared statements; after five runs PostgreSQL would switch them to a
    # generic plan that guesses a search matches 500 rows whatever the words. Plan each run.
    server_settings = {"plan_cache_mode": "force_custom_plan"}
    connect_args: dict[str, Any] = {"server_settings": server_settings}
    if timeouts is not None:
        connect_args["timeout"] = timeouts.connect
        kwargs.setdefault("pool_timeout", timeouts.pool)
        if timeouts.statement:
            server_settings["statement_timeout"] = str(round(timeouts.statement * 1000))
            connect_args["command_timeout"] = timeouts.statement + CLIENT_TIMEOUT_MARGIN_SECONDS
    engine = create_async_engine(database_url, connect_args=connect_args, **kwargs)
    event.listen(engine.sync_engine, "do_connect", _connect)
    event.listen(engine.sync_engine, "handle_error", _unanswered_statement)
    ping_timeout = None if timeouts is None else timeouts.connect

    @event.listens_for(engine.sync_engine, "checkin")
    def _given_back(_: DBAPIConnection, record: ConnectionPoolEntry) -> None:
        record.info[GIVEN_BACK_AT] = time.monotonic()

    @event.listens_for(engine.sync_engine, "checkout")
    def _ping(_: DBAPIConnection, record: ConnectionPoolEntry, __: Any) -> None:
        """SQLAlchemy's pre-ping, but bounded by the connect timeout (its own waits for a
        statement's), so a pooled connection to a server that stopped answering is replaced
        in seconds; and only for a connection idle for a while."""
        given_back_at = record.info.get(GIVEN_BACK_AT)
        if given_back_at is not None and time.monotonic() - given_back_at < PING_AFTER_IDLE_SECONDS:
            return
        connection = record.driver_connection
        assert connection is not None
        try:
            await_only(connection.execute("SELECT 1", timeout=ping_timeout))
        except Exception as error:
            raise exc.DisconnectionError(failure_reason(error)) from error

    return engine


def _connect(dialect: Dialect, _: ConnectionPoolEntry, cargs: Any, cparams: Any) -> DBAPIConnection:
    """asyncpg raises a refused or unanswered connection as a bare OSError; raise it as the
    OperationalError every other failure to connect is."""
    try:
        return dialect.connect(*cargs, **cparams)
    except OSError as error:
        raise exc.OperationalError(None, None, error, connection_invalidated=True) from error


def _unanswered_statement(context: ExceptionContext) -> BaseException | None:
    """A statement asyncpg gave up on (a bare TimeoutError) leaves its connection in an unknown
    state: drop the connection, and raise an OperationalError."""
    error = context.original_exception
    if not isinstance(error, OSError):
        return None
    context.is_disconnect = True
    return exc.OperationalError(
        context.statement, context.parameters, error, connection_invalidated=True
    )


def is_outage(error: BaseException) -> bool:
    """Whether `error` says the database is unreachable or too slow, rather than that a
    statement is wrong."""
    if isinstance(error, exc.TimeoutError):  # no pooled connection came free in time
        return True
    if not isinstance(error, exc.DBAPIError):
        return False
    sqlstate = str(getattr(error.orig, "sqlstate", "") or "")
    return error.connection_invalidated or sqlstate.startswith(OUTAGE_SQLSTATE_CLASSES)


def failure_reason(error: BaseException) -> str:
    """A short reason for a log line or the console, such as "connection refused"."""
    if isinstance(error, exc.TimeoutError):
        return "no pooled connection came free in time"
    cause = error.orig if isinstance(error, exc.DBAPIError) else error
    if isinstance(cause, TimeoutError):
        return "no answer in time"
    if isinstance(cause, ConnectionRefusedError):
        return "connection refused"
    if isinstance(cause, OSError) and cause.strerror:
        return cause.strerror.lower()
    return (str(cause).strip().splitlines() or [type(cause).__name__])[0]


def create_sessionmaker(
    engine: AsyncEngine, *, read_only: bool = False
) -> async_sessionmaker[AsyncSession]:
    """Sessions on `engine`. `read_only` ones, on SQLite, begin without taking the write lock,
    so that they read beside a writer; a write in one still works but may fail with "database
    is locked" if another writer commits first."""
    if read_only:
        engine = engine.execution_options(**{READ_ONLY: True})
    return async_sessionmaker(engine, expire_on_commit=False)


async def release(session: AsyncSession) -> None:
    """End the current transaction, keeping loaded objects usable.

    Call it before slow work that needs no database (bcrypt, image processing), so the
    request holds no locks meanwhile; the next statement begins a new transaction.
    """
    await session.commit()
