import re
import stat
from pathlib import Path

import pytest
from pydantic import ValidationError

from webshop.core.config import Settings
from webshop.core.currencies import ISO_4217_CODES


def make(tmp_path, **values):
    return Settings(_env_file=None, DATA_DIR=tmp_path, **values)


def test_defaults_follow_the_spec(tmp_path, monkeypatch):
    for name in (
        "DATABASE_URL",
        "SECRET_KEY",
        "BCRYPT_ROUNDS",
        "KAFKA_ENABLED",
        "CORS_ORIGINS",
        "SHOP_NAME",
        "SHOP_CURRENCY",
        "WEB_UI_DIR",
    ):
        monkeypatch.delenv(name, raising=False)
    settings = make(tmp_path)

    assert settings.DATABASE_URL == f"sqlite+aiosqlite:///{tmp_path / 'webshop.db'}"
    assert settings.ACCESS_TOKEN_EXPIRE_MINUTES == 15
    assert settings.REFRESH_TOKEN_EXPIRE_DAYS == 7
    assert settings.BCRYPT_ROUNDS == 12
    assert settings.KAFKA_ENABLED is False
    assert settings.KAFKA_ANALYTICS_TOPIC == "webshop-analytics"
    assert settings.KAFKA_PRODUCTS_TOPIC == "webshop-products"
    assert settings.KAFKA_ORDERS_TOPIC == "webshop-orders"
    assert settings.KAFKA_USERS_TOPIC == "webshop-users"
    assert settings.ADMIN_PASSWORD is None
    assert settings.SHOP_NAME == "WebShop"
    assert settings.SHOP_CURRENCY == "EUR"
    assert settings.WEB_UI_DIR is None


def test_secret_key_is_generated_once_and_kept_private(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = make(tmp_path).secret_key
    second = make(tmp_path).secret_key

    key_file = tmp_path / "secret_key"
    assert first == second
    assert len(first) >= 32
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_explicit_secret_key_is_used_and_must_be_long(tmp_path):
    assert make(tmp_path, SECRET_KEY="k" * 40).secret_key == "k" * 40
    assert not (tmp_path / "secret_key").exists()
    with pytest.raises(ValidationError):
        make(tmp_path, SECRET_KEY="short")


def test_plain_database_urls_get_the_async_driver(tmp_path):
    assert make(tmp_path, DATABASE_URL="sqlite:///./shop.db").DATABASE_URL == (
        "sqlite+aiosqlite:///./shop.db"
    )
    assert make(tmp_path, DATABASE_URL="postgres://u:p@db/shop").DATABASE_URL == (
        "postgresql+asyncpg://u:p@db/shop"
    )
    assert make(tmp_path, DATABASE_URL="postgresql://u@db/shop").is_sqlite is False


def test_settings_come_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("CORS_ORIGINS", "https://shop.example, https://admin.example")
    monkeypatch.setenv("KAFKA_ENABLED", "true")
    monkeypatch.setenv("ACCESS_TOKEN_EXPIRE_MINUTES", "30")
    monkeypatch.setenv("ADMIN_PASSWORD", "")
    monkeypatch.setenv("SHOP_NAME", " Tea & Cake ")
    monkeypatch.setenv("SHOP_CURRENCY", "chf")
    monkeypatch.setenv("WEB_UI_DIR", "")

    settings = make(tmp_path)

    assert settings.CORS_ORIGINS == ["https://shop.example", "https://admin.example"]
    assert settings.KAFKA_ENABLED is True
    assert settings.ACCESS_TOKEN_EXPIRE_MINUTES == 30
    assert settings.ADMIN_PASSWORD is None
    assert settings.SHOP_NAME == "Tea & Cake"
    assert settings.SHOP_CURRENCY == "CHF"
    assert settings.WEB_UI_DIR is None  # empty: the package's own build


def test_settings_come_from_a_dotenv_file(tmp_path, monkeypatch):
    monkeypatch.delenv("KAFKA_USERS_TOPIC", raising=False)
    env_file = tmp_path / ".env"
    env_file.write_text("KAFKA_USERS_TOPIC=shop-users\n")

    assert Settings(_env_file=env_file).KAFKA_USERS_TOPIC == "shop-users"


def test_env_example_documents_every_setting():
    example = (Path(__file__).parents[2] / ".env.example").read_text()
    for name in Settings.model_fields:
        assert f"{name}=" in example, name


def test_shop_name_is_one_line_of_up_to_100_characters(tmp_path):
    assert make(tmp_path, SHOP_NAME="  Tea & Cake\t").SHOP_NAME == "Tea & Cake"
    assert make(tmp_path, SHOP_NAME="Ü" * 100).SHOP_NAME == "Ü" * 100
    assert make(tmp_path, SHOP_NAME="Café ☕ 東京").SHOP_NAME == "Café ☕ 東京"

    for blank_or_long in ("", "   ", "x" * 101):
        with pytest.raises(ValidationError, match="SHOP_NAME must be 1 to 100 characters long"):
            make(tmp_path, SHOP_NAME=blank_or_long)
    unprintable_names = ("Tea\nCake", "Tea\x00", "\x1b[31m", "Tea\x7f", "Tea\u2028Cake", "A\x85B")
    for unprintable in unprintable_names:
        with pytest.raises(ValidationError, match="must not contain control characters"):
            make(tmp_path, SHOP_NAME=unprintable)


def test_shop_currency_is_an_iso_4217_code_in_use(tmp_path):
    assert make(tmp_path, SHOP_CURRENCY="usd").SHOP_CURRENCY == "USD"
    assert make(tmp_path, SHOP_CURRENCY=" gbp ").SHOP_CURRENCY == "GBP"
    assert make(tmp_path, SHOP_CURRENCY="JPY").SHOP_CURRENCY == "JPY"

    for unknown in ("XYZ", "EURO", "E", "", "€", "HRK", "ZWL"):
        with pytest.raises(ValidationError) as refused:
            make(tmp_path, SHOP_CURRENCY=unknown)
        message = str(refused.value)
        assert "SHOP_CURRENCY must be an ISO 4217 currency code in use" in message
        assert repr(unknown) in message


def test_the_currency_list_is_iso_4217_list_one():
    assert isinstance(ISO_4217_CODES, frozenset)
    assert all(re.fullmatch("[A-Z]{3}", code) for code in ISO_4217_CODES)
    assert {"EUR", "USD", "GBP", "CHF", "JPY", "SEK", "SLE", "VES", "XCG", "ZWG"} <= ISO_4217_CODES
    withdrawn = {"ANG", "BGN", "CUC", "DEM", "HRK", "SLL", "ZWL"}
    assert not withdrawn & ISO_4217_CODES


def test_web_ui_dir_is_a_path_or_unset(tmp_path):
    assert make(tmp_path, WEB_UI_DIR=str(tmp_path / "ui")).WEB_UI_DIR == tmp_path / "ui"
    assert make(tmp_path, WEB_UI_DIR="").WEB_UI_DIR is None
