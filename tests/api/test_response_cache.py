"""The response cache on its own: how long entries live, what a change drops, and that
concurrent misses render once."""

import asyncio

import pytest

from webshop.api.cache import Rendered, ResponseCache
from webshop.db import changes


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Renderer:
    """Renders `b"1"`, `b"2"`, ... and counts how often it was asked."""

    def __init__(self) -> None:
        self.calls = 0
        self.gate: asyncio.Event | None = None

    async def __call__(self) -> Rendered:
        self.calls += 1
        if self.gate is not None:
            await self.gate.wait()
        return Rendered(str(self.calls).encode())


@pytest.fixture
def clock() -> Clock:
    return Clock()


def cache_of(clock: Clock, *, max_age: float = 1.0, max_entries: int = 10) -> ResponseCache:
    return ResponseCache(
        ("cache_test_table",), max_age=max_age, max_entries=max_entries, clock=clock
    )


async def test_an_answer_is_reused_until_it_is_max_age_old(clock):
    cache, render = cache_of(clock), Renderer()

    first = await cache.get("/a", render)
    clock.now += 0.99
    again = await cache.get("/a", render)
    clock.now += 0.02
    later = await cache.get("/a", render)

    assert (first.body, again.body, later.body) == (b"1", b"1", b"2")


async def test_a_committed_change_to_a_watched_table_drops_every_answer(clock):
    cache, render = cache_of(clock), Renderer()
    await cache.get("/a", render)
    await cache.get("/b", render)

    changes.changed_elsewhere(["another_table"])
    assert (await cache.get("/a", render)).body == b"1"
    changes.changed_elsewhere(["cache_test_table"])

    assert (await cache.get("/a", render)).body == b"3"
    assert (await cache.get("/b", render)).body == b"4"


async def test_concurrent_misses_render_once(clock):
    cache, render = cache_of(clock), Renderer()
    render.gate = asyncio.Event()

    waiting = [asyncio.create_task(cache.get("/a", render)) for _ in range(5)]
    await asyncio.sleep(0)
    render.gate.set()
    answers = await asyncio.gather(*waiting)

    assert render.calls == 1
    assert {answer.body for answer in answers} == {b"1"}


async def test_an_answer_rendered_across_a_change_is_used_but_not_kept(clock):
    cache, render = cache_of(clock), Renderer()
    render.gate = asyncio.Event()

    pending = asyncio.create_task(cache.get("/a", render))
    await asyncio.sleep(0)
    cache.invalidate()  # a commit lands while the page is being read
    render.gate.set()
    assert (await pending).body == b"1"

    assert (await cache.get("/a", render)).body == b"2"


async def test_a_failed_render_is_not_kept_and_reaches_every_waiter(clock):
    cache = cache_of(clock)
    gate = asyncio.Event()

    async def failing() -> Rendered:
        await gate.wait()
        raise LookupError("gone")

    waiting = [asyncio.create_task(cache.get("/a", failing)) for _ in range(3)]
    await asyncio.sleep(0)
    gate.set()
    results = await asyncio.gather(*waiting, return_exceptions=True)

    assert all(isinstance(result, LookupError) for result in results)
    assert (await cache.get("/a", Renderer())).body == b"1"


async def test_the_least_recently_used_answer_goes_first(clock):
    cache, render = cache_of(clock, max_entries=2), Renderer()
    await cache.get("/a", render)
    await cache.get("/b", render)
    await cache.get("/a", render)  # /a used again: /b is now the oldest
    await cache.get("/c", render)

    assert (await cache.get("/a", render)).body == b"1"
    assert (await cache.get("/b", render)).body == b"4"


async def test_max_age_zero_turns_it_off(clock):
    cache, render = cache_of(clock, max_age=0), Renderer()

    await cache.get("/a", render)

    assert (await cache.get("/a", render)).body == b"2"


def test_the_etag_is_the_body_s_and_changes_with_it():
    assert Rendered(b"[1]").etag == Rendered(b"[1]").etag
    assert Rendered(b"[1]").etag != Rendered(b"[2]").etag
    assert Rendered(b"[1]").etag.startswith('"')
