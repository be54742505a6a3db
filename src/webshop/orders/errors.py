from webshop.core.errors import Conflict, InvalidInput, NotFound
from webshop.orders.models import OrderStatus


class OrderNotFound(NotFound):
    default_detail = "Order not found"


class ProductsUnavailable(InvalidInput):
    """Some ordered products do not exist or are no longer sold."""

    default_detail = "Some products are not available"

    def __init__(self, product_ids: list[int]) -> None:
        self.product_ids = product_ids
        super().__init__(f"Products not available: {', '.join(map(str, product_ids))}")


class IdempotencyKeyReused(Conflict):
    default_detail = "This Idempotency-Key was already used for a different order"


class InvalidTransition(Conflict):
    def __init__(self, current: OrderStatus, requested: OrderStatus) -> None:
        self.current = current
        self.requested = requested
        super().__init__(f"An order that is {current} cannot become {requested}")


class LineLimitExceeded(InvalidInput):
    default_detail = "At most 1000 of one product per order"
