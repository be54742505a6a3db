from __future__ import annotations

from typing import Any

from webshop.core.errors import Conflict, InvalidInput, NotFound
from webshop.orders.models import OrderStatus


class OrderNotFound(NotFound):
    default_detail = "Order not found"


class ProductsUnavailable(InvalidInput):
    """Some ordered products do not exist or are no longer sold."""

    code = "products_unavailable"
    default_detail = "Some products are not available"

    def __init__(self, product_ids: list[int]) -> None:
        self.product_ids = product_ids
        super().__init__(f"Products not available: {', '.join(map(str, product_ids))}")

    def fields(self) -> dict[str, Any]:
        return {"product_ids": self.product_ids}

    @classmethod
    def example(cls) -> ProductsUnavailable:
        return cls([12])


class IdempotencyKeyReused(Conflict):
    code = "idempotency_key_reused"
    default_detail = "This Idempotency-Key was already used for a different order"


class InvalidTransition(Conflict):
    code = "invalid_transition"
    default_detail = "The order cannot move to that status"

    def __init__(self, current: OrderStatus, requested: OrderStatus) -> None:
        self.current = current
        self.requested = requested
        super().__init__(f"An order that is {current} cannot become {requested}")

    def fields(self) -> dict[str, Any]:
        return {"current": self.current.value, "requested": self.requested.value}

    @classmethod
    def example(cls) -> InvalidTransition:
        return cls(OrderStatus.SHIPPED, OrderStatus.CANCELLED)


class LineLimitExceeded(InvalidInput):
    code = "line_limit_exceeded"
    default_detail = "At most 1000 of one product per order"

    def __init__(self, product_ids: list[int]) -> None:
        self.product_ids = product_ids
        super().__init__()

    def fields(self) -> dict[str, Any]:
        return {"product_ids": self.product_ids}

    @classmethod
    def example(cls) -> LineLimitExceeded:
        return cls([3])
