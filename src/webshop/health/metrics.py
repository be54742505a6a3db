"""What `GET /metrics` reports: the process's instruments (webshop.core.metrics, summed over
all workers when they share a PROMETHEUS_MULTIPROC_DIR) and the shop's figures, read from the
database at each scrape so that every worker reports the same."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from prometheus_client import REGISTRY, CollectorRegistry, generate_latest, multiprocess
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from webshop.core.clock import utcnow
from webshop.core.metrics import MULTIPROCESS_DIR
from webshop.health.service import outbox_backlog
from webshop.orders.models import Order
from webshop.orders.revenue import paid_count, paid_revenue


@dataclass(frozen=True)
class ShopFigures:
    orders_placed: int
    orders_paid: int
    revenue: float
    outbox_backlog: int
    oldest_unsent: datetime | None


async def shop_figures(session: AsyncSession) -> ShopFigures:
    placed, paid, revenue = (
        await session.execute(select(func.count(Order.id), paid_count(), paid_revenue()))
    ).one()
    backlog, oldest = await outbox_backlog(session)
    return ShopFigures(int(placed), int(paid), float(revenue), backlog, oldest)


class ShopCollector(Collector):
    def __init__(self, figures: ShopFigures) -> None:
        self.figures = figures

    def collect(self) -> Iterator[Metric]:
        figures = self.figures
        yield CounterMetricFamily(
            "webshop_orders_placed", "Orders ever placed", value=figures.orders_placed
        )
        yield GaugeMetricFamily(
            "webshop_orders_paid", "Orders paid, shipped or delivered", value=figures.orders_paid
        )
        yield GaugeMetricFamily(
            "webshop_revenue", "Revenue of paid orders, in SHOP_CURRENCY", value=figures.revenue
        )
        yield GaugeMetricFamily(
            "webshop_outbox_backlog", "Events waiting in the outbox", value=figures.outbox_backlog
        )
        oldest = figures.oldest_unsent
        yield GaugeMetricFamily(
            "webshop_outbox_oldest_age_seconds",
            "Age of the oldest event not yet delivered (0 when none waits)",
            value=0.0 if oldest is None else (utcnow() - oldest).total_seconds(),
        )


def exposition(figures: ShopFigures) -> bytes:
    """The Prometheus text format of every instrument and the shop's figures."""
    if os.environ.get(MULTIPROCESS_DIR):
        instruments = CollectorRegistry()
        multiprocess.MultiProcessCollector(instruments)  # type: ignore[no-untyped-call]
    else:
        instruments = REGISTRY
    shop = CollectorRegistry()
    shop.register(ShopCollector(figures))
    return generate_latest(instruments) + generate_latest(shop)
