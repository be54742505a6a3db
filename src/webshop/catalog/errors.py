from webshop.core.errors import Conflict, NotFound


class ProductNotFound(NotFound):
    default_detail = "Product not found"


class InsufficientStock(Conflict):
    """Stock would go below zero. Carries the products that are short."""

    default_detail = "Not enough stock"

    def __init__(self, product_ids: list[int], detail: str | None = None) -> None:
        self.product_ids = product_ids
        super().__init__(
            detail or f"Not enough stock for product(s): {', '.join(map(str, product_ids))}"
        )
