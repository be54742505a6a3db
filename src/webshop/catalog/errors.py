from __future__ import annotations

from typing import Any

from webshop.core.errors import Conflict, InvalidInput, NotFound, PayloadTooLarge


class ProductNotFound(NotFound):
    default_detail = "Product not found"


class InsufficientStock(Conflict):
    """Stock would go below zero. Carries the products that are short."""

    code = "out_of_stock"
    default_detail = "Not enough stock"

    def __init__(self, product_ids: list[int]) -> None:
        self.product_ids = product_ids
        super().__init__(f"Not enough stock for product(s): {', '.join(map(str, product_ids))}")

    def fields(self) -> dict[str, Any]:
        return {"product_ids": self.product_ids}

    @classmethod
    def example(cls) -> InsufficientStock:
        return cls([3, 7])


class SkuTaken(Conflict):
    code = "sku_taken"
    default_detail = "Another product already has this SKU"


ROWS_EXAMPLE = [{"row": 2, "product_id": 7, "field": "stock", "message": "Not enough stock"}]


class RowsRefused:
    """Mixed into the errors of a change made of rows (a bulk edit, an import): some rows were
    refused, so none was applied. Carries every refusal as `{"row", "product_id", "field",
    "message"}`. Not a domain error itself: only the concrete errors are raised and documented.
    """

    rows: list[dict[str, Any]]

    def fields(self) -> dict[str, Any]:
        return {"rows": self.rows}


class BulkRejected(RowsRefused, InvalidInput):
    code = "bulk_rejected"
    default_detail = "Some rows were refused; nothing was changed"

    def __init__(self, rows: list[dict[str, Any]], detail: str | None = None) -> None:
        self.rows = rows
        super().__init__(detail)

    @classmethod
    def example(cls) -> BulkRejected:
        return cls(ROWS_EXAMPLE)


class ImportRejected(RowsRefused, InvalidInput):
    code = "import_rejected"
    default_detail = "Some rows were refused; nothing was imported"

    def __init__(self, rows: list[dict[str, Any]], detail: str | None = None) -> None:
        self.rows = rows
        super().__init__(detail)

    @classmethod
    def example(cls) -> ImportRejected:
        return cls(ROWS_EXAMPLE)


class InvalidImportFile(InvalidInput):
    """The file is not a CSV the import can read (encoding, header, size in rows)."""

    code = "invalid_import_file"
    default_detail = "The file is not a product CSV that can be imported"


class ImportTooLarge(PayloadTooLarge):
    code = "import_too_large"
    default_detail = "The import file is too large"
