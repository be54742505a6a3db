from __future__ import annotations

from fastapi import APIRouter

from webshop.api.deps import SettingsDep
from webshop.shop.schemas import ShopRead

router = APIRouter(tags=["shop"])


@router.get("/shop", response_model=ShopRead)
async def read_shop(settings: SettingsDep) -> ShopRead:
    """The shop's name, the currency its prices are in and its time zone: what the web UI
    needs before it shows anything."""
    return ShopRead(
        name=settings.SHOP_NAME, currency=settings.SHOP_CURRENCY, timezone=settings.SHOP_TIMEZONE
    )
