"""`GET /shop`: what the web UI shows before anything else, straight from the settings."""

from tests.conftest import make_client
from webshop.core.config import Settings
from webshop.main import create_app


async def test_the_shop_is_described_by_its_settings_to_anyone(client, settings):
    response = await client.get("/shop")

    assert response.status_code == 200
    assert response.json() == {
        "name": settings.SHOP_NAME,
        "currency": settings.SHOP_CURRENCY,
        "timezone": settings.SHOP_TIMEZONE,
    }


async def test_a_configured_shop_answers_with_its_own_name_currency_and_zone():
    app = create_app(
        Settings(SHOP_NAME="  Tea & Cake ", SHOP_CURRENCY="gbp", SHOP_TIMEZONE="Europe/London")
    )
    async with make_client(app) as client:
        response = await client.get("/shop")

    assert response.json() == {"name": "Tea & Cake", "currency": "GBP", "timezone": "Europe/London"}


async def test_the_operation_and_schema_keep_the_names_the_web_ui_is_generated_from(client):
    schema = (await client.get("/openapi.json")).json()
    operation = schema["paths"]["/shop"]["get"]
    shop_read = schema["components"]["schemas"]["ShopRead"]

    assert operation["operationId"] == "shop-read_shop"
    assert operation["tags"] == ["shop"]
    assert "security" not in operation
    content = operation["responses"]["200"]["content"]["application/json"]
    assert content["schema"] == {"$ref": "#/components/schemas/ShopRead"}
    assert shop_read["required"] == ["name", "currency", "timezone"]
    assert {name: field["type"] for name, field in shop_read["properties"].items()} == {
        "name": "string",
        "currency": "string",
        "timezone": "string",
    }
