from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from webshop.catalog.models import Product, StockReason
from webshop.core.inputs import Id, Input
from webshop.core.money import Money, Price
from webshop.reviews.ratings import RatingSummary

MAX_STOCK = 1_000_000

ProductName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Description = Annotated[str, StringConstraints(max_length=10_000)]
Category = Annotated[
    str, StringConstraints(strip_whitespace=True, to_lower=True, min_length=1, max_length=100)
]
Stock = Annotated[int, Field(ge=0, le=MAX_STOCK)]
SKU_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._/-]*$"
Sku = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=64, pattern=SKU_PATTERN),
    Field(description="Stock-keeping unit: letters, digits and . _ / -; unique, ignoring case"),
]
MAX_BULK_ROWS = 500


class ProductSort(StrEnum):
    RELEVANCE = "relevance"
    NEWEST = "newest"
    PRICE_ASC = "price_asc"
    PRICE_DESC = "price_desc"
    RATING = "rating"
    NAME = "name"
    STOCK_ASC = "stock_asc"
    STOCK_DESC = "stock_desc"


class ProductCreate(Input):
    model_config = ConfigDict(extra="forbid")

    name: ProductName
    sku: Sku | None = None
    description: Description = ""
    price: Price
    stock: Stock = 0
    category: Category | None = None
    is_active: bool = True


class ProductUpdate(Input):
    """A partial update: only the fields sent change. A new `stock` is recorded as an adjustment."""

    model_config = ConfigDict(extra="forbid")

    name: ProductName | None = None
    sku: Sku | None = Field(None, description="`null` removes the SKU")
    description: Description | None = None
    price: Price | None = None
    stock: Stock | None = None
    category: Category | None = None
    is_active: bool | None = None


class ProductFilters(Input):
    """What a catalog page is narrowed and ordered by."""

    category: Annotated[str, StringConstraints(max_length=100)] | None = None
    q: Annotated[str, StringConstraints(max_length=200)] | None = Field(
        None,
        description="Words to search for in names and descriptions (ranked); a product whose "
        "SKU is exactly this comes first.",
    )
    min_price: Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2)] | None = None
    max_price: Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2)] | None = None
    in_stock: bool | None = None
    sort: ProductSort | None = Field(
        None, description="Default: `relevance` when searching, else `newest`."
    )
    include_inactive: bool = Field(False, description="Also deleted products (admin only).")
    is_active: bool | None = Field(
        None, description="Only products for sale (`true`) or only deleted ones (`false`, admin)."
    )
    max_stock: Annotated[int, Field(ge=0, le=MAX_STOCK)] | None = Field(
        None, description="At most this many in stock (admin: the low-stock view)."
    )

    @property
    def needs_admin(self) -> bool:
        return self.include_inactive or self.is_active is False or self.max_stock is not None

    @model_validator(mode="after")
    def _price_range_is_ordered(self) -> ProductFilters:
        if (
            self.min_price is not None
            and self.max_price is not None
            and self.min_price > self.max_price
        ):
            raise ValueError("min_price must not be greater than max_price")
        return self


class ProductRead(BaseModel):
    id: int
    name: str
    sku: str | None
    description: str
    price: Money
    stock: int
    in_stock: bool
    category: str | None
    image_url: str | None
    thumbnail_url: str | None
    is_active: bool
    average_rating: float | None
    review_count: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def build(cls, product: Product, rating: RatingSummary) -> ProductRead:
        return cls(
            id=product.id,
            name=product.name,
            sku=product.sku,
            description=product.description,
            price=product.price,
            stock=product.stock,
            in_stock=product.stock > 0,
            category=product.category,
            image_url=product.image_url,
            thumbnail_url=product.thumbnail_url,
            is_active=product.is_active,
            average_rating=rating.average,
            review_count=rating.count,
            created_at=product.created_at,
            updated_at=product.updated_at,
        )


class CategoryRead(BaseModel):
    name: str
    product_count: int


class StockChange(Input):
    """A manual stock change. Sales and cancellations are recorded by orders, not here."""

    model_config = ConfigDict(extra="forbid")

    delta: Annotated[int, Field(ge=-MAX_STOCK, le=MAX_STOCK)]
    reason: Literal["restock", "adjustment"]
    note: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] | None = None


class StockMovementRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    product_id: int
    delta: int
    stock_after: int
    reason: StockReason
    actor_id: int | None
    note: str | None
    created_at: datetime


class ProductBulkRow(Input):
    """The changes to one product in a bulk edit: only the fields sent change."""

    model_config = ConfigDict(extra="forbid")

    id: Id
    price: Price | None = None
    stock: Stock | None = Field(None, description="The new stock, recorded as an adjustment")
    category: Category | None = Field(None, description="`null` removes the category")
    is_active: bool | None = None


class ProductBulkUpdate(Input):
    """Many products changed at once: all of them, or none when any row is refused."""

    model_config = ConfigDict(extra="forbid")

    products: Annotated[list[ProductBulkRow], Field(min_length=1, max_length=MAX_BULK_ROWS)]


class ImportAction(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    REFUSE = "refuse"


class ImportProblem(BaseModel):
    field: str | None = Field(description="The column at fault; `null` for the whole row")
    message: str


class ImportRowReport(BaseModel):
    line: int = Field(description="The row's line in the file (the header is line 1)")
    sku: str | None
    product_id: int | None = Field(description="The product updated (none for a new one)")
    action: ImportAction
    changes: list[str] = Field(description="The columns whose values change")
    problems: list[ImportProblem]


class ImportReport(BaseModel):
    dry_run: bool
    applied: bool = Field(description="Whether the changes were saved (never on a dry run)")
    created: int
    updated: int
    unchanged: int
    refused: int
    rows: list[ImportRowReport]
