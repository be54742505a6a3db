"""The reviews service on the real database, plus the rating properties of a product."""

import asyncio
from contextlib import contextmanager
from decimal import Decimal

import pytest
from sqlalchemy import event, func, select

from tests.factories import create_user
from tests.reviews.conftest import make_product
from webshop.catalog.errors import ProductNotFound
from webshop.catalog.models import Product
from webshop.reviews import ratings, service
from webshop.reviews.errors import AlreadyReviewed, NotYourReview, ReviewNotFound
from webshop.reviews.models import Review
from webshop.reviews.schemas import ReviewCreate, ReviewUpdate
from webshop.users.models import UserRole


def test_product_rating_properties_come_from_its_loaded_reviews():
    product = Product(name="Sample", price=Decimal("10.00"))
    product.reviews = [Review(rating=5), Review(rating=3), Review(rating=4)]

    assert product.average_rating == 4.0
    assert product.review_count == 3


def test_a_product_without_reviews_has_no_average():
    product = Product(name="Sample", price=Decimal("10.00"))
    product.reviews = []

    assert product.average_rating is None
    assert product.review_count == 0


async def test_create_review_stores_it_and_updates_the_rating(session, product, customer):
    result = await service.create_review(
        session, product.id, ReviewCreate(rating=4, comment=" Solid "), author=customer
    )

    stored = await session.get(Review, result.id)
    assert (stored.product_id, stored.user_id, stored.rating, stored.comment) == (
        product.id,
        customer.id,
        4,
        "Solid",
    )
    assert result.username == customer.username
    assert result.verified_purchase is False
    summaries = await ratings.rating_summaries(session, [product.id])
    assert summaries[product.id] == ratings.RatingSummary(average=4.0, count=1)


async def test_create_review_refuses_a_second_one(session, product, customer):
    await service.create_review(session, product.id, ReviewCreate(rating=4), author=customer)

    with pytest.raises(AlreadyReviewed):
        await service.create_review(session, product.id, ReviewCreate(rating=2), author=customer)

    count = await session.scalar(select(func.count(Review.id)))
    assert count == 1


async def test_reviews_need_a_product_for_sale(session, new_product, customer):
    deleted = await new_product(is_active=False)

    with pytest.raises(ProductNotFound):
        await service.create_review(session, deleted.id, ReviewCreate(rating=4), author=customer)
    with pytest.raises(ProductNotFound):
        await service.list_reviews(session, deleted.id, skip=0, limit=20)
    with pytest.raises(ProductNotFound):
        await service.list_reviews(session, deleted.id + 1000, skip=0, limit=20)


async def test_a_review_belongs_to_one_product(session, product, new_product, customer):
    other = await new_product()
    review = await service.create_review(
        session, product.id, ReviewCreate(rating=4), author=customer
    )

    assert (await service.get_review(session, product.id, review.id)).id == review.id
    with pytest.raises(ReviewNotFound):
        await service.get_review(session, other.id, review.id)
    with pytest.raises(ReviewNotFound):
        await service.get_review(session, product.id, review.id + 1000)


async def test_only_the_author_updates_a_review(session, product, customer, admin):
    review = await service.create_review(
        session, product.id, ReviewCreate(rating=2, comment="Meh"), author=customer
    )

    for actor in (admin, await create_user(session)):
        with pytest.raises(NotYourReview):
            await service.update_review(
                session, product.id, review.id, ReviewUpdate(rating=5), actor=actor
            )
    updated = await service.update_review(
        session, product.id, review.id, ReviewUpdate(comment="Better"), actor=customer
    )

    assert (updated.rating, updated.comment) == (2, "Better")
    assert updated.updated_at >= review.updated_at


async def test_the_author_or_an_admin_deletes_a_review(session, product, customer, admin):
    stranger = await create_user(session)
    first = await service.create_review(
        session, product.id, ReviewCreate(rating=2), author=stranger
    )
    second = await service.create_review(
        session, product.id, ReviewCreate(rating=3), author=customer
    )

    with pytest.raises(NotYourReview):
        await service.delete_review(session, product.id, first.id, actor=customer)
    await service.delete_review(session, product.id, first.id, actor=admin)
    await service.delete_review(session, product.id, second.id, actor=customer)

    assert await session.scalar(select(func.count(Review.id))) == 0
    assert admin.role is UserRole.ADMIN


@contextmanager
def counting_selects(session):
    """Count the SELECT statements sent on the session's connection."""
    statements = []
    connection = session.bind.sync_connection

    def record(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    event.listen(connection, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(connection, "before_cursor_execute", record)


async def test_a_page_of_reviews_takes_the_same_few_queries_however_long(session, product):
    async def selects_for_page():
        session.expunge_all()
        with counting_selects(session) as statements:
            page = await service.list_reviews(session, product.id, skip=0, limit=100)
        return len(statements), len(page.items), page.total

    first_author = await create_user(session)
    session.add(Review(product_id=product.id, user_id=first_author.id, rating=5))
    await session.flush()
    one = await selects_for_page()
    for _ in range(9):
        author = await create_user(session)
        session.add(Review(product_id=product.id, user_id=author.id, rating=3))
    await session.flush()
    ten = await selects_for_page()

    assert one[1:] == (1, 1)
    assert ten[1:] == (10, 10)
    # the product, the count, the page with usernames joined, the verified purchases
    assert one[0] == ten[0] == 4


async def test_simultaneous_duplicate_reviews_leave_one(committed_app):
    """Two requests by one user on two connections: one review is stored, the other is a 409."""
    sessionmaker = committed_app.state.sessionmaker
    async with sessionmaker() as session:
        author = await create_user(session)
        product = await make_product(session)
        await session.commit()

    async def review(rating):
        async with sessionmaker() as session:
            try:
                await service.create_review(
                    session, product.id, ReviewCreate(rating=rating), author=author
                )
            except AlreadyReviewed:
                return "conflict"
            return "created"

    outcomes = await asyncio.gather(*(review(rating) for rating in (1, 2, 3, 4, 5)))

    assert sorted(outcomes) == ["conflict"] * 4 + ["created"]
    async with sessionmaker() as session:
        count = await session.scalar(
            select(func.count(Review.id)).where(Review.product_id == product.id)
        )
        assert count == 1


async def test_an_insert_that_loses_the_race_is_a_conflict(committed_app, engine):
    """The duplicate check passes, then the unique constraint refuses the insert: still a 409.

    One connection holds an uncommitted review, and commits it the moment the service, on a
    second connection, is about to insert its own. On PostgreSQL the service's check could not
    see the uncommitted row, so its insert fails on the constraint. (SQLite has one writer: the
    second transaction waits at BEGIN until the first commits, then its check sees the row;
    the answer is the same.)
    """
    sessionmaker = committed_app.state.sessionmaker
    async with sessionmaker() as session:
        author = await create_user(session)
        product = await make_product(session)
        await session.commit()

    about_to_write = asyncio.Event()

    def watch(_conn, _cursor, statement, *_):
        if statement.startswith(("INSERT INTO reviews", "BEGIN IMMEDIATE")):
            about_to_write.set()

    async def second_review():
        async with sessionmaker() as second:
            await service.create_review(second, product.id, ReviewCreate(rating=5), author=author)

    async with sessionmaker() as first:
        first.add(Review(product_id=product.id, user_id=author.id, rating=1))
        await first.flush()
        event.listen(engine.sync_engine, "before_cursor_execute", watch)
        try:
            attempt = asyncio.create_task(second_review())
            await asyncio.wait_for(about_to_write.wait(), timeout=30)
            await first.commit()
            with pytest.raises(AlreadyReviewed):
                await attempt
        finally:
            event.remove(engine.sync_engine, "before_cursor_execute", watch)

    async with sessionmaker() as session:
        ratings_stored = await session.scalars(
            select(Review.rating).where(Review.product_id == product.id)
        )
        assert ratings_stored.all() == [1]
