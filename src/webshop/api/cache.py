"""Answers rendered once and served many times: the public catalog's pages.

Each worker keeps its own entries, for at most `max_age` seconds, and drops them all as soon as
a commit changes a table they were read from (`webshop.db.changes`: this worker's commits at
once, other processes' through PostgreSQL's NOTIFY). Anonymous answers carry an `ETag`, so a
browser or a proxy revalidates with `If-None-Match` and gets a body-less 304.

A route fills the cache (`cached`); `CachedAnswers` then serves the same URL to anyone without
credentials before routing: the same bytes and headers, and the same page-view event, without
validating the query again or resolving the route's dependencies.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from webshop.db import changes
from webshop.events.buffer import View

# Anyone may store it, but must ask again before every use: prices and stock must be fresh.
PUBLIC_REVALIDATE = "public, no-cache"


@dataclass(frozen=True)
class Rendered:
    """A JSON answer as sent, and the page view it records, if any."""

    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    view: View | None = None
    etag: str = field(init=False)

    def __post_init__(self) -> None:
        digest = hashlib.blake2b(self.body, digest_size=12).hexdigest()
        object.__setattr__(self, "etag", f'"{digest}"')

    def response(self, request: Request) -> Response:
        """The answer, or a 304 when the client has it already. Shared caches may keep an
        answer to a request without credentials (one with them gets `no-store`)."""
        headers = {**self.headers, "ETag": self.etag}
        if not _credentials(request.scope):
            headers["Cache-Control"] = PUBLIC_REVALIDATE
        if self.etag in _etags(request.headers.get("if-none-match", "")):
            return Response(status_code=304, headers=headers)
        return Response(self.body, media_type="application/json", headers=headers)


def cache_key(scope: Scope) -> str:
    """The path and the query string as sent."""
    return f"{scope['path']}?{scope['query_string'].decode('latin-1')}"


async def cached(
    cache: ResponseCache, request: Request, render: Callable[[], Awaitable[Rendered]]
) -> Rendered:
    """`render()`'s answer to this request, from `cache` when it has it."""
    return await cache.get(cache_key(request.scope), render, route=request.scope.get("route"))


def _etags(header: str) -> set[str]:
    return {tag.strip().removeprefix("W/") for tag in header.split(",")}


class ResponseCache:
    def __init__(
        self,
        tables: Iterable[str],
        *,
        max_age: float,
        max_entries: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_age = max_age
        self.max_entries = max_entries
        self.clock = clock
        self._entries: OrderedDict[str, tuple[float, Rendered, Any]] = OrderedDict()
        self._loading: dict[str, asyncio.Future[Rendered]] = {}
        self._generation = 0
        changes.watch(tables, self.invalidate)

    def invalidate(self) -> None:
        self._generation += 1
        self._entries.clear()

    def peek(self, key: str) -> tuple[Rendered, Any] | None:
        """The answer cached for `key` and the route that rendered it, if still fresh."""
        entry = self._entries.get(key)
        if entry is None or entry[0] <= self.clock():
            return None
        self._entries.move_to_end(key)
        return entry[1], entry[2]

    async def get(
        self, key: str, render: Callable[[], Awaitable[Rendered]], *, route: Any = None
    ) -> Rendered:
        """The cached answer for `key`, else `render()`'s. Concurrent misses for one key
        render once; an answer rendered while the data changed is used but not kept."""
        if self.max_age <= 0:
            return await render()
        hit = self.peek(key)
        if hit is not None:
            return hit[0]
        loading = self._loading.get(key)
        if loading is not None:
            return await asyncio.shield(loading)
        future: asyncio.Future[Rendered] = asyncio.get_running_loop().create_future()
        self._loading[key] = future
        generation, started = self._generation, self.clock()
        try:
            rendered = await render()
        except Exception as error:
            future.set_exception(error)
            future.exception()  # retrieved: a miss no one else waited for is not an error
            raise
        except BaseException:
            future.cancel()
            raise
        finally:
            del self._loading[key]
        future.set_result(rendered)
        if generation == self._generation:
            self._store(key, started + self.max_age, rendered, route)
        return rendered

    def _store(self, key: str, expires: float, rendered: Rendered, route: Any) -> None:
        self._entries[key] = (expires, rendered, route)
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)


class CachedAnswers:
    """Serves a fresh cached answer to a GET without credentials before routing (see above).
    The app's `catalog_cache` and `event_buffer` are on `app.state`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET" and not _credentials(scope):
            state = scope["app"].state
            hit = state.catalog_cache.peek(cache_key(scope))
            if hit is not None:
                rendered, route = hit
                scope["route"] = route  # the access log's and the metrics' route template
                if rendered.view is not None:
                    state.event_buffer.add_view(rendered.view, user_id=None)
                await rendered.response(Request(scope))(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _credentials(scope: Scope) -> bool:
    return any(name == b"authorization" for name, _ in scope["headers"])
