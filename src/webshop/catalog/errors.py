from __future__ import annotations

from typing import Any

from webshop.core.errors import Conflict, NotFound


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
