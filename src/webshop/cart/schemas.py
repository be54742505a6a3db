from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from webshop.core.inputs import Id, Input


class CartAction(StrEnum):
    ADD = "add"
    REMOVE = "remove"
    SET_QUANTITY = "set_quantity"
    CLEAR = "clear"


class CartUpdate(Input):
    """What the web UI reports when a cart changes (the cart itself lives in the browser)."""

    model_config = ConfigDict(extra="forbid")

    action: CartAction
    product_id: Id | None = Field(None, description="Required for every action but `clear`")
    quantity: Annotated[int, Field(ge=0, le=1000)] = 0
    cart_item_count: Annotated[int, Field(ge=0, le=50_000)] = Field(
        description="Units in the cart after the change"
    )

    @model_validator(mode="after")
    def _names_a_product(self) -> CartUpdate:
        if self.action is not CartAction.CLEAR and self.product_id is None:
            raise ValueError(f"product_id is required for {self.action}")
        return self


class EventAccepted(BaseModel):
    event_id: str
