from __future__ import annotations

from typing import Any

from webshop.core.errors import InvalidInput


class UnknownProduct(InvalidInput):
    """The cart names a product that never existed (a deleted one may still leave a cart)."""

    code = "unknown_product"
    default_detail = "No such product"

    def __init__(self, product_id: int) -> None:
        self.product_id = product_id
        super().__init__(f"No such product: {product_id}")

    def fields(self) -> dict[str, Any]:
        return {"product_ids": [self.product_id]}

    @classmethod
    def example(cls) -> UnknownProduct:
        return cls(404)
