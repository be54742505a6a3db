"""Product ratings, aggregated in SQL: the part of reviews the catalog reads.

A leaf: it imports nothing but the reviews table, so the catalog can show ratings while
reviews, which need the catalog and orders, stay above both (an import-linter contract in
`pyproject.toml` keeps it a leaf).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Subquery, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from webshop.reviews.models import Review


@dataclass(frozen=True)
class RatingSummary:
    """A product's average rating (None without reviews) and how many reviews it has."""

    average: float | None
    count: int


NO_RATINGS = RatingSummary(average=None, count=0)


def rating_subquery() -> Subquery:
    """Per product: `product_id`, `average_rating`, `review_count`, for joining into lists."""
    return (
        select(
            Review.product_id,
            func.avg(Review.rating).label("average_rating"),
            func.count(Review.id).label("review_count"),
        )
        .group_by(Review.product_id)
        .subquery("ratings")
    )


async def rating_summaries(
    session: AsyncSession, product_ids: Iterable[int]
) -> dict[int, RatingSummary]:
    """Ratings of many products in one aggregate query; products without reviews are absent."""
    ids = list(product_ids)
    if not ids:
        return {}
    rows = await session.execute(
        select(
            Review.product_id,
            func.avg(Review.rating).label("average"),
            func.count(Review.id).label("reviews"),
        )
        .where(Review.product_id.in_(ids))
        .group_by(Review.product_id)
    )
    return {
        row.product_id: RatingSummary(average=round(float(row.average), 2), count=int(row.reviews))
        for row in rows
    }
