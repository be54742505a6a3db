"""The catalog: browsing and searching products, and what administrators do to them."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from webshop.audit import service as audit
from webshop.audit.models import AuditAction, AuditObject
from webshop.catalog import counts, images, inventory, search
from webshop.catalog.errors import ProductNotFound, SkuTaken
from webshop.catalog.models import SKU_INDEX, Product, StockMovement, StockReason
from webshop.catalog.schemas import (
    CategoryRead,
    ProductCreate,
    ProductFilters,
    ProductRead,
    ProductSort,
    ProductUpdate,
    StockChange,
)
from webshop.db.paging import Page, count, page_of
from webshop.db.session import release
from webshop.events.buffer import View
from webshop.events.publish import publish
from webshop.events.schemas import EventType
from webshop.reviews.ratings import NO_RATINGS, rating_subquery, rating_summaries
from webshop.users.models import User

CLEARABLE = frozenset({"category", "sku"})
# What the audit trail keeps of a product before and after a change.
AUDITED = ("name", "sku", "description", "price", "stock", "category", "image_url", "is_active")


async def get_product(
    session: AsyncSession, product_id: int, *, include_inactive: bool = False
) -> Product:
    """The product with this id; deleted (inactive) ones only when asked for."""
    product = await session.get(Product, product_id)
    if product is None or not (product.is_active or include_inactive):
        raise ProductNotFound
    return product


async def product_exists(session: AsyncSession, product_id: int) -> bool:
    """Whether the product was ever created (deleted ones included)."""
    return await session.scalar(select(Product.id).where(Product.id == product_id)) is not None


async def get_products_for_sale(
    session: AsyncSession, product_ids: list[int]
) -> dict[int, Product]:
    """The active products among `product_ids`, by id; missing or deleted ones are absent."""
    products = await session.scalars(
        select(Product).where(Product.id.in_(product_ids), Product.is_active.is_(True))
    )
    return {product.id: product for product in products}


async def read_product(
    session: AsyncSession, product_id: int, *, include_inactive: bool = False
) -> ProductRead:
    product = await get_product(session, product_id, include_inactive=include_inactive)
    return await _with_rating(session, product)


def product_view(product: ProductRead) -> View:
    """What a customer opening this product's page records: a `product_viewed` event."""
    return View(EventType.PRODUCT_VIEWED, event_data(product), key=product.id)


async def list_products(
    session: AsyncSession, filters: ProductFilters, *, skip: int, limit: int
) -> Page[ProductRead]:
    """One page of the catalog and the number of products matching in all."""
    query = filters.q or ""
    searching = bool(search.terms_of(query))
    sort = filters.sort or (ProductSort.RELEVANCE if searching else ProductSort.NEWEST)
    matching = statement = filtered(select(Product), filters)
    rank: tuple[ColumnElement[Any], ...] = ()
    if searching:
        matching, statement, rank = _searched(
            statement, query, sort, session.get_bind().dialect.name
        )
    order_by = _order_by(sort, rank)
    if sort is ProductSort.RATING:
        ratings = rating_subquery()
        statement = statement.outerjoin(ratings, ratings.c.product_id == Product.id)
        order_by = (
            ratings.c.average_rating.desc().nulls_last(),
            ratings.c.review_count.desc().nulls_last(),
            Product.id,
        )
    if searching or sort is ProductSort.RATING:
        page = await page_of(
            session, statement, order_by=order_by, skip=skip, limit=limit, counting=matching
        )
    else:
        page = await _page_by_index(session, filters, order_by, skip=skip, limit=limit)
    return Page(await with_ratings(session, page.items), page.total)


def list_view(filters: ProductFilters, page: Page[ProductRead], *, skip: int) -> View:
    """What a shopper looking at a catalog page records: a `product_list_viewed` event."""
    return View(
        EventType.PRODUCT_LIST_VIEWED,
        {
            "category": filters.category,
            "q": filters.q,
            "sort": filters.sort,
            "skip": skip,
            "result_count": page.total,
            "product_ids": [product.id for product in page.items],
        },
    )


async def _page_by_index(
    session: AsyncSession,
    filters: ProductFilters,
    order_by: tuple[Any, ...],
    *,
    skip: int,
    limit: int,
) -> Page[Product]:
    """A page found by its ids first: the sort's index yields them without reading the rows
    it skips, then only the page's rows are read. The total comes from `product_counts` when
    the filters allow."""
    matching = filtered(select(Product.id), filters)
    total = await counts.counted_for_sale(session, filters)
    if total is None:
        total = await count(session, matching)
    if skip >= total:
        return Page([], total)
    ids = matching.order_by(*order_by).offset(skip).limit(limit)
    products = await session.scalars(select(Product).where(Product.id.in_(ids)).order_by(*order_by))
    return Page(list(products), total)


async def list_categories(session: AsyncSession) -> list[CategoryRead]:
    return [
        CategoryRead(name=name, product_count=count)
        for name, count in await counts.categories(session)
    ]


async def list_low_stock(
    session: AsyncSession, *, threshold: int, skip: int, limit: int
) -> Page[ProductRead]:
    """Active products with at most `threshold` in stock, the emptiest first."""
    page = await page_of(
        session,
        select(Product).where(Product.is_active.is_(True), Product.stock <= threshold),
        order_by=[Product.stock, Product.id],
        skip=skip,
        limit=limit,
    )
    return Page(await with_ratings(session, page.items), page.total)


async def create_product(session: AsyncSession, data: ProductCreate, *, actor: User) -> ProductRead:
    await ensure_sku_free(session, data.sku)
    product = Product(**data.model_dump(exclude={"stock"}), stock=0)
    session.add(product)
    await flush_unique_sku(session)
    if data.stock:
        await inventory.apply_movement(
            session,
            product_id=product.id,
            delta=data.stock,
            reason=StockReason.INITIAL,
            actor_id=actor.id,
        )
    result = ProductRead.build(product, NO_RATINGS)
    await publish(
        session, EventType.PRODUCT_CREATED, event_data(result), user_id=actor.id, key=product.id
    )
    await audit.record(
        session,
        actor,
        AuditAction.PRODUCT_CREATED,
        AuditObject.PRODUCT,
        product.id,
        after=audited(result),
    )
    await session.commit()
    return result


async def update_product(
    session: AsyncSession, product_id: int, changes: ProductUpdate, *, actor: User
) -> ProductRead:
    """Apply the fields that were sent. Works on deleted products too, to restore them."""
    product = await get_product(session, product_id, include_inactive=True)
    before = audited(product)
    fields = changes.model_dump(exclude_unset=True)
    new_stock = fields.pop("stock", None)
    if fields.get("sku") is not None:
        await ensure_sku_free(session, fields["sku"], exclude_id=product.id)
    for name, value in fields.items():
        if value is None and name not in CLEARABLE:
            continue  # name, price, ... can be left out but never cleared
        setattr(product, name, value)
    await flush_unique_sku(session)  # before the stock UPDATE, which would flush it unguarded
    if new_stock is not None and new_stock != product.stock:
        await inventory.apply_movement(
            session,
            product_id=product.id,
            delta=new_stock - product.stock,
            reason=StockReason.ADJUSTMENT,
            actor_id=actor.id,
        )
    await session.flush()
    result = await _with_rating(session, product)
    await publish(
        session,
        EventType.PRODUCT_UPDATED,
        {**event_data(result), "changed": sorted(changes.model_fields_set)},
        user_id=actor.id,
        key=product.id,
    )
    old, new = audit.changed(before, audited(result))
    if old or new:
        restored = not before["is_active"] and result.is_active
        action = AuditAction.PRODUCT_RESTORED if restored else AuditAction.PRODUCT_UPDATED
        await audit.record(
            session, actor, action, AuditObject.PRODUCT, product.id, before=old, after=new
        )
    await session.commit()
    return result


async def ensure_sku_free(
    session: AsyncSession, sku: str | None, *, exclude_id: int | None = None
) -> None:
    """Raise `SkuTaken` when another product has this SKU, whatever its case."""
    if sku is None:
        return
    query = select(Product.id).where(func.lower(Product.sku) == sku.lower())
    if exclude_id is not None:
        query = query.where(Product.id != exclude_id)
    if await session.scalar(query) is not None:
        raise SkuTaken


async def flush_unique_sku(session: AsyncSession) -> None:
    """Flush, turning a SKU another transaction took since `ensure_sku_free` looked (the unique
    index refuses it) into `SkuTaken`; the transaction is rolled back then."""
    try:
        await session.flush()
    except IntegrityError as exc:
        if SKU_INDEX not in str(exc.orig):
            raise
        await session.rollback()
        raise SkuTaken from exc


async def delete_product(session: AsyncSession, product_id: int, *, actor: User) -> None:
    """Take a product out of the catalog. Orders and reviews that refer to it keep it."""
    product = await get_product(session, product_id)
    product.is_active = False
    await publish(
        session,
        EventType.PRODUCT_DELETED,
        {"product_id": product.id, "product_name": product.name},
        user_id=actor.id,
        key=product.id,
    )
    await audit.record(
        session,
        actor,
        AuditAction.PRODUCT_DELETED,
        AuditObject.PRODUCT,
        product.id,
        before={"name": product.name, "is_active": True},
        after={"name": product.name, "is_active": False},
    )
    await session.commit()


async def change_stock(
    session: AsyncSession, product_id: int, change: StockChange, *, actor: User
) -> StockMovement:
    await get_product(session, product_id, include_inactive=True)
    movement = await inventory.apply_movement(
        session,
        product_id=product_id,
        delta=change.delta,
        reason=StockReason(change.reason),
        actor_id=actor.id,
        note=change.note,
    )
    await audit.record(
        session,
        actor,
        AuditAction.PRODUCT_STOCK_CHANGED,
        AuditObject.PRODUCT,
        product_id,
        before={"stock": movement.stock_after - movement.delta},
        after={"stock": movement.stock_after, "reason": change.reason, "note": change.note},
    )
    await session.commit()
    return movement


async def stock_history(
    session: AsyncSession, product_id: int, *, skip: int, limit: int
) -> Page[StockMovement]:
    await get_product(session, product_id, include_inactive=True)
    return await inventory.stock_history(session, product_id, skip=skip, limit=limit)


async def set_product_image(
    session: AsyncSession, product_id: int, data: bytes, *, actor: User, media_dir: Path
) -> ProductRead:
    """Validate, re-encode and store an upload as the product's image, replacing any old one.

    The files are written before the database changes and removed again if it fails, so a
    failed upload never leaves a file behind; the replaced image's files go after the commit.
    """
    product = await get_product(session, product_id, include_inactive=True)
    await release(session)  # no transaction is held while Pillow works
    encoded = await asyncio.to_thread(images.encode, data)
    image_url, thumbnail_url = await asyncio.to_thread(images.store, encoded, media_dir)
    replaced = [product.image_url, product.thumbnail_url]
    try:
        result = await _set_image_urls(session, product, image_url, thumbnail_url, actor=actor)
    except BaseException:
        await asyncio.to_thread(images.remove, [image_url, thumbnail_url], media_dir)
        raise
    await asyncio.to_thread(images.remove, replaced, media_dir)
    return result


async def remove_product_image(
    session: AsyncSession, product_id: int, *, actor: User, media_dir: Path
) -> ProductRead:
    product = await get_product(session, product_id, include_inactive=True)
    replaced = [product.image_url, product.thumbnail_url]
    result = await _set_image_urls(session, product, None, None, actor=actor)
    await asyncio.to_thread(images.remove, replaced, media_dir)
    return result


async def _set_image_urls(
    session: AsyncSession,
    product: Product,
    image_url: str | None,
    thumbnail_url: str | None,
    *,
    actor: User,
) -> ProductRead:
    before = {"image_url": product.image_url}
    product.image_url, product.thumbnail_url = image_url, thumbnail_url
    await session.flush()
    result = await _with_rating(session, product)
    await publish(
        session,
        EventType.PRODUCT_UPDATED,
        {**event_data(result), "changed": ["image_url"]},
        user_id=actor.id,
        key=product.id,
    )
    await audit.record(
        session,
        actor,
        AuditAction.PRODUCT_IMAGE_CHANGED,
        AuditObject.PRODUCT,
        product.id,
        before=before,
        after={"image_url": image_url},
    )
    await session.commit()
    return result


def filtered(statement: Select[Any], filters: ProductFilters) -> Select[Any]:
    """`statement` narrowed to the products the filters ask for (no search, no order)."""
    if filters.is_active is not None:
        statement = statement.where(Product.is_active.is_(filters.is_active))
    elif not filters.include_inactive:
        statement = statement.where(Product.is_active.is_(True))
    if filters.max_stock is not None:
        statement = statement.where(Product.stock <= filters.max_stock)
    if filters.category:
        statement = statement.where(Product.category == filters.category.strip().lower())
    if filters.min_price is not None:
        statement = statement.where(Product.price >= filters.min_price)
    if filters.max_price is not None:
        statement = statement.where(Product.price <= filters.max_price)
    if filters.in_stock is not None:
        statement = statement.where(Product.stock > 0 if filters.in_stock else Product.stock == 0)
    return statement


def _searched(
    statement: Select[Any], query: str, sort: ProductSort, dialect: str
) -> tuple[Select[Any], Select[Any], tuple[ColumnElement[Any], ...]]:
    """`statement` narrowed to the products a search finds: the statement to count them with,
    the one to page through, and the rank to order by (for `relevance`)."""
    matching, _ = search.apply(statement, query, dialect, ranked=False)
    if sort is not ProductSort.RELEVANCE:
        return matching, matching, ()
    # Counted without the rank: joined to the FTS table, SQLite without statistics could run
    # the full-text query once per product to count.
    ranked, rank = search.apply(statement, query, dialect, ranked=True)
    return matching, ranked, rank


_ORDERS: dict[ProductSort, tuple[Any, ...]] = {
    ProductSort.PRICE_ASC: (Product.price, Product.id),
    ProductSort.PRICE_DESC: (Product.price.desc(), Product.id.desc()),
    ProductSort.NAME: (func.lower(Product.name), Product.id),
    ProductSort.STOCK_ASC: (Product.stock, Product.id),
    ProductSort.STOCK_DESC: (Product.stock.desc(), Product.id.desc()),
}
_NEWEST = (Product.created_at.desc(), Product.id.desc())


def _order_by(sort: ProductSort, rank: tuple[ColumnElement[Any], ...]) -> tuple[Any, ...]:
    """ORDER BY for every sort but rating; ties always break on id, so pages never overlap."""
    if sort is ProductSort.RELEVANCE and rank:
        return (*rank, Product.id)
    return _ORDERS.get(sort, _NEWEST)


async def _with_rating(session: AsyncSession, product: Product) -> ProductRead:
    return (await with_ratings(session, [product]))[0]


async def with_ratings(session: AsyncSession, products: list[Product]) -> list[ProductRead]:
    """The products as the API shows them, with their ratings (one query for all)."""
    summaries = await rating_summaries(session, (product.id for product in products))
    return [ProductRead.build(p, summaries.get(p.id, NO_RATINGS)) for p in products]


def audited(product: Product | ProductRead) -> dict[str, Any]:
    """The product's fields the audit trail compares before and after a change."""
    return {name: getattr(product, name) for name in AUDITED}


def event_data(product: ProductRead) -> dict[str, Any]:
    """The spec's product payload."""
    return {
        "product_id": product.id,
        "product_name": product.name,
        "price": product.price,
        "category": product.category,
    }
