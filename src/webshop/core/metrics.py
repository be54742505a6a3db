"""The process's Prometheus instruments. Every layer counts through these; `GET /metrics`
(webshop.health) adds the shop's figures from the database and serves them all.

With several workers (`webshop serve --workers N`), `PROMETHEUS_MULTIPROC_DIR` names a folder
the workers share, so that a scrape reaching any one of them reports the sum of all.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

MULTIPROCESS_DIR = "PROMETHEUS_MULTIPROC_DIR"

HTTP_REQUESTS = Counter(
    "webshop_http_requests",
    "HTTP requests answered, by method, route template and status",
    ["method", "route", "status"],
)
HTTP_DURATION = Histogram(
    "webshop_http_request_duration_seconds",
    "Time to answer an HTTP request, by method and route template",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
LOGIN_FAILURES = Counter("webshop_login_failures", "Logins refused for a wrong name or password")
THROTTLED = Counter(
    "webshop_throttled_requests", "Requests refused with 429, by rate limit", ["limit"]
)
EVENT_PUBLISH_FAILURES = Counter(
    "webshop_event_publish_failures", "Attempts to deliver outbox events that failed"
)
DATABASE_CONNECTIONS_IN_USE = Gauge(
    "webshop_database_connections_in_use",
    "Database connections checked out of the pool",
    multiprocess_mode="livesum",
)
LIVE_STREAM_CLIENTS = Gauge(
    "webshop_live_stream_clients",
    "Administrators following /analytics/stream",
    multiprocess_mode="livesum",
)


def observe_request(method: str, route: str, status: int, seconds: float) -> None:
    HTTP_REQUESTS.labels(method, route, str(status)).inc()
    HTTP_DURATION.labels(method, route).observe(seconds)


def count_connections_in_use(engine: AsyncEngine) -> None:
    pool = engine.sync_engine.pool
    event.listen(pool, "checkout", lambda *_: DATABASE_CONNECTIONS_IN_USE.inc())
    event.listen(pool, "checkin", lambda *_: DATABASE_CONNECTIONS_IN_USE.dec())
