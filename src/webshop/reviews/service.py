"""Reviews: one per user and product, for sale; the ratings they add up to are in `ratings`."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from webshop.audit import service as audit
from webshop.audit.models import AuditAction, AuditObject
from webshop.catalog import service as catalog_service
from webshop.db.paging import Page, page_of_rows
from webshop.orders import service as orders_service
from webshop.reviews.errors import AlreadyReviewed, NotYourReview, ReviewNotFound
from webshop.reviews.models import Review
from webshop.reviews.schemas import ReviewCreate, ReviewRead, ReviewUpdate
from webshop.users.models import User, UserRole


async def create_review(
    session: AsyncSession, product_id: int, data: ReviewCreate, *, author: User
) -> ReviewRead:
    """`author` reviews a product for sale. One review per user and product: a second is a 409."""
    await _product_for_sale(session, product_id)
    existing = await session.scalar(
        select(Review.id).where(Review.product_id == product_id, Review.user_id == author.id)
    )
    if existing is not None:
        raise AlreadyReviewed
    review = Review(
        product_id=product_id, user_id=author.id, rating=data.rating, comment=data.comment
    )
    session.add(review)
    try:
        await session.flush()
    except IntegrityError as exc:
        # Another request by the same user got in between the check and the insert.
        await session.rollback()
        if "unique" in str(exc.orig).lower():
            raise AlreadyReviewed from exc
        raise
    result = await _read_one(session, review, username=author.username)
    await session.commit()
    return result


async def update_review(
    session: AsyncSession,
    product_id: int,
    review_id: int,
    changes: ReviewUpdate,
    *,
    actor: User,
) -> ReviewRead:
    """The author changes their rating and/or comment. Nobody else may, administrators included."""
    review = await get_review(session, product_id, review_id)
    if review.user_id != actor.id:
        raise NotYourReview
    if changes.rating is not None:
        review.rating = changes.rating
    if changes.comment is not None:
        review.comment = changes.comment
    await session.flush()
    result = await _read_one(session, review, username=actor.username)
    await session.commit()
    return result


async def delete_review(
    session: AsyncSession, product_id: int, review_id: int, *, actor: User
) -> None:
    """The author takes their review back, or an administrator removes it."""
    review = await get_review(session, product_id, review_id)
    if review.user_id != actor.id and actor.role is not UserRole.ADMIN:
        raise NotYourReview("Only the author or an administrator can delete this review")
    if review.user_id != actor.id:
        await audit.record(
            session,
            actor,
            AuditAction.REVIEW_DELETED,
            AuditObject.REVIEW,
            review.id,
            before={
                "product_id": review.product_id,
                "user_id": review.user_id,
                "rating": review.rating,
                "comment": review.comment,
            },
        )
    await session.delete(review)
    await session.commit()


async def list_reviews(
    session: AsyncSession, product_id: int, *, skip: int, limit: int, user_id: int | None = None
) -> Page[ReviewRead]:
    """One page of a product's reviews (only `user_id`'s, if given), newest first, and how
    many there are in all."""
    await _product_for_sale(session, product_id)
    query = (
        select(Review, User.username)
        .join(User, User.id == Review.user_id)
        .where(Review.product_id == product_id)
    )
    if user_id is not None:
        query = query.where(Review.user_id == user_id)
    page = await page_of_rows(
        session,
        query,
        order_by=[Review.created_at.desc(), Review.id.desc()],
        skip=skip,
        limit=limit,
    )
    reviews = [(row.Review, row.username) for row in page.items]
    verified = await _verified_purchases(session, [(r.user_id, r.product_id) for r, _ in reviews])
    items = [
        ReviewRead.build(
            review,
            username=username,
            verified_purchase=(review.user_id, review.product_id) in verified,
        )
        for review, username in reviews
    ]
    return Page(items, page.total)


async def get_review(session: AsyncSession, product_id: int, review_id: int) -> Review:
    """The review `review_id` of a product for sale; a review of another product is a 404."""
    await _product_for_sale(session, product_id)
    review = await session.get(Review, review_id)
    if review is None or review.product_id != product_id:
        raise ReviewNotFound
    return review


async def _product_for_sale(session: AsyncSession, product_id: int) -> None:
    """Raise `ProductNotFound` unless the product exists and is for sale."""
    await catalog_service.get_product(session, product_id)


async def _read_one(session: AsyncSession, review: Review, *, username: str) -> ReviewRead:
    verified = await _verified_purchases(session, [(review.user_id, review.product_id)])
    return ReviewRead.build(
        review,
        username=username,
        verified_purchase=(review.user_id, review.product_id) in verified,
    )


async def _verified_purchases(
    session: AsyncSession, pairs: Iterable[tuple[int, int]]
) -> set[tuple[int, int]]:
    """The `(user_id, product_id)` pairs among `pairs` where the user received the product
    (a delivered order). The one place `verified_purchase` is decided, in one query a page."""
    return await orders_service.purchased(session, pairs)
