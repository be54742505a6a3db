from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Query, Request, Response, UploadFile, status
from fastapi.responses import StreamingResponse
from pydantic import TypeAdapter

from webshop.api.cache import Rendered, cached
from webshop.api.deps import CatalogCacheDep, EventBufferDep, SessionDep, SettingsDep
from webshop.api.errors import error_responses
from webshop.api.middleware import body_limit
from webshop.api.params import Limit, PathId, Skip, with_total
from webshop.auth.dependencies import AdminUser, OptionalUser
from webshop.auth.errors import AdminRequired, InvalidToken
from webshop.catalog import bulk, images, service, transfer
from webshop.catalog.errors import (
    BulkRejected,
    ImportRejected,
    ImportTooLarge,
    InsufficientStock,
    InvalidImportFile,
    ProductNotFound,
    SkuTaken,
)
from webshop.catalog.models import StockMovement
from webshop.catalog.schemas import (
    CategoryRead,
    ImportReport,
    ProductBulkUpdate,
    ProductCreate,
    ProductFilters,
    ProductRead,
    ProductUpdate,
    StockChange,
    StockMovementRead,
)
from webshop.users.models import UserRole

router = APIRouter(prefix="/products", tags=["products"])

ADMIN_ERRORS = error_responses(InvalidToken, AdminRequired)
MULTIPART_OVERHEAD = 64 * 1024  # the form's boundaries and headers around the file
NOT_FOUND = error_responses(ProductNotFound)
# What public catalog answers are read from: a commit changing either drops them.
CATALOG_TABLES = ("products", "reviews")
PRODUCT = TypeAdapter(ProductRead)
PRODUCT_LIST = TypeAdapter(list[ProductRead])
CATEGORY_LIST = TypeAdapter(list[CategoryRead])


@router.get("/", response_model=list[ProductRead], responses=error_responses(AdminRequired))
async def list_products(
    filters: Annotated[ProductFilters, Query()],
    request: Request,
    session: SessionDep,
    viewer: OptionalUser,
    views: EventBufferDep,
    cache: CatalogCacheDep,
    skip: Skip = 0,
    limit: Limit = 20,
) -> Response:
    """A page of the catalog, filtered, searched and sorted. The total is in `X-Total-Count`.
    Anonymous answers carry an `ETag` (send `If-None-Match` to get a 304)."""
    if filters.needs_admin and (viewer is None or viewer.role is not UserRole.ADMIN):
        raise AdminRequired

    async def render() -> Rendered:
        page = await service.list_products(session, filters, skip=skip, limit=limit)
        return Rendered(
            PRODUCT_LIST.dump_json(page.items),
            {"X-Total-Count": str(page.total)},
            view=service.list_view(filters, page, skip=skip),
        )

    rendered = await render() if filters.needs_admin else await cached(cache, request, render)
    assert rendered.view is not None
    views.add_view(rendered.view, user_id=viewer.id if viewer else None)
    return rendered.response(request)


@router.get("/categories", response_model=list[CategoryRead])
async def list_categories(
    request: Request, session: SessionDep, cache: CatalogCacheDep
) -> Response:
    """Every category that has products for sale, with how many."""

    async def render() -> Rendered:
        return Rendered(CATEGORY_LIST.dump_json(await service.list_categories(session)))

    return (await cached(cache, request, render)).response(request)


@router.get("/low-stock", response_model=list[ProductRead], responses=ADMIN_ERRORS)
async def list_low_stock(
    _: AdminUser,
    session: SessionDep,
    response: Response,
    threshold: Annotated[int, Query(ge=0, le=1_000_000)] = 5,
    skip: Skip = 0,
    limit: Limit = 50,
) -> list[ProductRead]:
    """Products for sale with at most `threshold` in stock, the emptiest first (admin)."""
    return with_total(
        response, await service.list_low_stock(session, threshold=threshold, skip=skip, limit=limit)
    )


@router.get(
    "/export",
    response_class=StreamingResponse,
    responses={**ADMIN_ERRORS, 200: {"content": {"text/csv": {}}, "description": "The CSV"}},
)
async def export_products(
    filters: Annotated[ProductFilters, Query()], _: AdminUser, session: SessionDep
) -> StreamingResponse:
    """Every product matching the filters as CSV, in the columns the import reads (admin).
    Pass `include_inactive=true` for deleted products too."""
    return StreamingResponse(
        transfer.export_csv(session, filters),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="products.csv"'},
    )


@router.post(
    "/import",
    response_model=ImportReport,
    responses={
        **ADMIN_ERRORS,
        **error_responses(ImportRejected, InvalidImportFile, ImportTooLarge),
    },
    openapi_extra=body_limit(transfer.MAX_IMPORT_BYTES + MULTIPART_OVERHEAD),
)
async def import_products(
    file: Annotated[UploadFile, File(description="UTF-8 CSV with a header row")],
    admin: AdminUser,
    session: SessionDep,
    dry_run: Annotated[
        bool, Query(description="Only report what would change (the default)")
    ] = True,
) -> ImportReport:
    """Create and update products from a CSV, matched by `sku` (or `id`) (admin). A dry run
    reports per row what would be created, updated or refused; applying saves every row or,
    when any row is refused, none (422 `import_rejected`). Stock changes become movements
    with reason `import`."""
    data = await file.read(transfer.MAX_IMPORT_BYTES + 1)
    return await transfer.import_csv(session, data, dry_run=dry_run, actor=admin)


@router.patch(
    "/bulk",
    response_model=list[ProductRead],
    responses={**ADMIN_ERRORS, **error_responses(BulkRejected)},
)
async def bulk_update_products(
    changes: ProductBulkUpdate, admin: AdminUser, session: SessionDep
) -> list[ProductRead]:
    """Change price, stock, category or status of many products at once (admin): every row
    is applied, or none when any is refused (422 `bulk_rejected`, with each row's reason).
    Stock changes are adjustments and never leave less than zero."""
    return await bulk.bulk_update(session, changes, actor=admin)


@router.get("/{product_id}", response_model=ProductRead, responses=NOT_FOUND)
async def read_product(
    product_id: PathId,
    request: Request,
    session: SessionDep,
    viewer: OptionalUser,
    views: EventBufferDep,
    cache: CatalogCacheDep,
) -> Response:
    """One product with its average rating and review count. Administrators also get deleted
    products (`is_active: false`), and their reads are not counted as views."""
    admin = viewer is not None and viewer.role is UserRole.ADMIN

    async def render() -> Rendered:
        product = await service.read_product(session, product_id, include_inactive=admin)
        return Rendered(PRODUCT.dump_json(product), view=service.product_view(product))

    if admin:
        return (await render()).response(request)
    rendered = await cached(cache, request, render)
    assert rendered.view is not None
    views.add_view(rendered.view, user_id=viewer.id if viewer else None)
    return rendered.response(request)


@router.post(
    "/", response_model=ProductRead, responses={**ADMIN_ERRORS, **error_responses(SkuTaken)}
)
async def create_product(data: ProductCreate, admin: AdminUser, session: SessionDep) -> ProductRead:
    """Add a product (admin). Initial stock is recorded as a stock movement."""
    return await service.create_product(session, data, actor=admin)


@router.put(
    "/{product_id}",
    response_model=ProductRead,
    responses={**ADMIN_ERRORS, **NOT_FOUND, **error_responses(SkuTaken)},
)
async def update_product(
    product_id: PathId, changes: ProductUpdate, admin: AdminUser, session: SessionDep
) -> ProductRead:
    """Change the fields sent (admin). `is_active: true` restores a deleted product."""
    return await service.update_product(session, product_id, changes, actor=admin)


@router.delete(
    "/{product_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses={**ADMIN_ERRORS, **NOT_FOUND},
)
async def delete_product(product_id: PathId, admin: AdminUser, session: SessionDep) -> Response:
    """Remove a product from the catalog (admin). Orders that contain it are untouched."""
    await service.delete_product(session, product_id, actor=admin)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/{product_id}/stock",
    response_model=StockMovementRead,
    status_code=status.HTTP_201_CREATED,
    responses={**ADMIN_ERRORS, **NOT_FOUND, **error_responses(InsufficientStock)},
)
async def change_stock(
    product_id: PathId, change: StockChange, admin: AdminUser, session: SessionDep
) -> StockMovement:
    """Restock or adjust (admin). A change that would leave less than zero is a 409."""
    return await service.change_stock(session, product_id, change, actor=admin)


@router.get(
    "/{product_id}/stock-history",
    response_model=list[StockMovementRead],
    responses={**ADMIN_ERRORS, **NOT_FOUND},
)
async def read_stock_history(
    product_id: PathId,
    _: AdminUser,
    session: SessionDep,
    response: Response,
    skip: Skip = 0,
    limit: Limit = 50,
) -> list[StockMovement]:
    """Every stock change of a product, newest first (admin)."""
    return with_total(
        response, await service.stock_history(session, product_id, skip=skip, limit=limit)
    )


@router.post(
    "/{product_id}/image",
    response_model=ProductRead,
    responses={
        **ADMIN_ERRORS,
        **NOT_FOUND,
        **error_responses(images.NotAnImage, images.ImageTooLarge, images.TooManyPixels),
    },
    openapi_extra=body_limit(images.MAX_BYTES + MULTIPART_OVERHEAD),
)
async def upload_product_image(
    product_id: PathId,
    image: Annotated[UploadFile, File(description="JPEG, PNG, WebP or GIF; at most 5 MB")],
    admin: AdminUser,
    session: SessionDep,
    settings: SettingsDep,
) -> ProductRead:
    """Set the product's image (admin). It is re-encoded without metadata, with a thumbnail."""
    data = await image.read(images.MAX_BYTES + 1)
    return await service.set_product_image(
        session, product_id, data, actor=admin, media_dir=settings.media_dir
    )


@router.delete(
    "/{product_id}/image", response_model=ProductRead, responses={**ADMIN_ERRORS, **NOT_FOUND}
)
async def remove_product_image(
    product_id: PathId, admin: AdminUser, session: SessionDep, settings: SettingsDep
) -> ProductRead:
    """Remove the product's image and its files (admin)."""
    return await service.remove_product_image(
        session, product_id, actor=admin, media_dir=settings.media_dir
    )
