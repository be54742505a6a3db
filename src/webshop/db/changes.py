"""Tell whoever watches a table that a transaction changed it, once that transaction commits:
in this process at once, and in every other process on the same PostgreSQL database through
NOTIFY.

A process that listens (every `serve` worker) sends its NOTIFY right after the commit, from its
listening connection, one for however many commits happened meanwhile, and at most one per
`ANNOUNCE_INTERVAL_SECONDS`: each NOTIFY is a transaction of its own that wakes every listener,
and checkouts would otherwise send one each. Sent inside the
transaction, it would make every commit that changes a product wait for the server's single
notification lock, so checkouts would commit one at a time. A process that dies between a
commit and its NOTIFY leaves the others' catalog answers at most `CATALOG_CACHE_SECONDS` old,
which is what they may be anyway. A process that does not listen (a CLI command) sends NOTIFY
inside its transaction, which the server delivers at commit and never for a rollback.

Changes are noticed in the ORM's flushes and in INSERT, UPDATE and DELETE statements run
through a session, which is how every service writes; a statement that writes another way (a
database function's call) names its tables in the execution option `WRITES`.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Callable, Iterable
from itertools import chain

import asyncpg
from sqlalchemy import event, make_url
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from webshop.core.throttled_log import FailureLog
from webshop.core.waiting import sleep_unless
from webshop.db.session import failure_reason

logger = logging.getLogger("webshop.db.changes")

CHANNEL = "webshop_changes"
NOTIFY = f"SELECT pg_notify('{CHANNEL}', '')"
CHANGED = "webshop_changed_tables"
NOTIFIED = "webshop_notified"
WRITES = "webshop_writes"  # execution option: the tables a statement changes, if not its own
RECONNECT_SECONDS = 1.0
# Other processes hear of a commit at most this much later (and their catalog answers may be
# a second old anyway): enough for one NOTIFY to cover a stream of checkouts.
ANNOUNCE_INTERVAL_SECONDS = 0.05

Callback = Callable[[], None]
_watchers: dict[str, list[weakref.WeakMethod[Callback]]] = {}
_announcers: set[asyncio.Event] = set()  # one per connected listener of this process


def watch(tables: Iterable[str], callback: Callback) -> None:
    """Call `callback` (a bound method, held weakly) after each commit that changed one of
    `tables`, and whenever changes made elsewhere may have gone unnoticed."""
    for table in tables:
        alive = [reference for reference in _watchers.get(table, ()) if reference() is not None]
        _watchers[table] = [*alive, weakref.WeakMethod(callback)]


def changed_elsewhere(tables: Iterable[str] | None = None) -> None:
    """Tell the watchers of `tables` (None: of every table) that another process changed them."""
    for table in list(_watchers) if tables is None else tables:
        for reference in _watchers.get(table, ()):
            callback = reference()
            if callback is not None:
                callback()


def _mark(session: Session, table: str) -> None:
    if table not in _watchers:
        return
    changed: set[str] = session.info.setdefault(CHANGED, set())
    changed.add(table)
    if (
        not _announcers
        and session.get_bind().dialect.name == "postgresql"
        and not session.info.get(NOTIFIED)
    ):
        session.info[NOTIFIED] = True
        # Listeners drop whatever they watch, so the payload names nothing.
        session.connection().exec_driver_sql(NOTIFY)


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _: UOWTransaction) -> None:
    for instance in chain(session.new, session.dirty, session.deleted):
        table = getattr(instance, "__tablename__", None)
        if table is not None:
            _mark(session, table)


@event.listens_for(Session, "do_orm_execute")
def _on_execute(state: ORMExecuteState) -> None:
    for written in state.execution_options.get(WRITES, ()):
        _mark(state.session, written)
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        name = getattr(table, "name", None)
        if isinstance(name, str):
            _mark(state.session, name)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    notified = session.info.pop(NOTIFIED, None)
    changed = session.info.pop(CHANGED, None)
    if changed:
        changed_elsewhere(changed)
        if not notified:
            for announce in _announcers:
                announce.set()


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(NOTIFIED, None)
    session.info.pop(CHANGED, None)


async def listen(
    database_url: str, stop: asyncio.Event, *, listening: asyncio.Event | None = None
) -> None:
    """Until `stop`, pass other processes' commits on to this one's watchers (PostgreSQL).
    `listening` is set while notifications arrive.

    While the connection is down nothing arrives, so every watcher is told, whenever it is
    lost and again once it is back, that anything may have changed."""
    listening = listening or asyncio.Event()
    dsn = make_url(database_url).set(drivername="postgresql").render_as_string(False)
    failures = FailureLog(logger, "Listening for other processes' changes")
    while not stop.is_set():
        try:
            await _listen_until_lost(dsn, stop, failures, listening)
        except (OSError, asyncpg.PostgresError, TimeoutError) as error:
            failures.failed(failure_reason(error))
            await sleep_unless(stop, RECONNECT_SECONDS)
        listening.clear()
        changed_elsewhere()


async def _listen_until_lost(
    dsn: str, stop: asyncio.Event, failures: FailureLog, listening: asyncio.Event
) -> None:
    connection = await asyncpg.connect(dsn, timeout=5)
    own_pid = connection.get_server_pid()
    lost, announce = asyncio.Event(), asyncio.Event()
    connection.add_termination_listener(lambda _: lost.set())

    def heard(_: object, pid: int, __: str, ___: str) -> None:
        if pid != own_pid:  # this process's own commits were passed on when they happened
            changed_elsewhere()

    try:
        await connection.add_listener(CHANNEL, heard)
        changed_elsewhere()
        listening.set()
        failures.recovered()
        _announcers.add(announce)
        while not await _first_of(stop, lost, announce):
            announce.clear()
            await connection.execute(NOTIFY)
            await sleep_unless(stop, ANNOUNCE_INTERVAL_SECONDS)
        if announce.is_set() and not lost.is_set():  # stopping: what was committed last
            await connection.execute(NOTIFY)
    finally:
        _announcers.discard(announce)
        if not connection.is_closed():
            await connection.close(timeout=2)


async def _first_of(stop: asyncio.Event, lost: asyncio.Event, announce: asyncio.Event) -> bool:
    """Wait for any of the three; whether listening should end (`stop` or `lost`)."""
    if not announce.is_set():
        waits = [asyncio.ensure_future(event.wait()) for event in (stop, lost, announce)]
        await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        for waiting in waits:
            waiting.cancel()
    return stop.is_set() or lost.is_set()
