from pydantic import BaseModel, Field


class ShopRead(BaseModel):
    name: str = Field(description="The shop's name (`SHOP_NAME`)", examples=["WebShop"])
    currency: str = Field(
        description="The ISO 4217 code every price is in (`SHOP_CURRENCY`)", examples=["EUR"]
    )
    timezone: str = Field(
        description="The IANA time zone the shop's calendar days are in (`SHOP_TIMEZONE`)",
        examples=["Europe/Berlin"],
    )
