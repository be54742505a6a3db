import stat
from pathlib import Path

import pytest
from pydantic import ValidationError

from webshop.core.config import Settings


def make(tmp_path, **values):
    return Settings(_env_file=None, DATA_DIR=tmp_path, **values)


def test_defaults_follow_the_spec(tmp_path, monkeypatch):
    for name in ("DATABASE_URL", "SECRET_KEY", "BCRYPT_ROUNDS", "KAFKA_ENABLED", "CORS_ORIGINS"):
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

    settings = make(tmp_path)

    assert settings.CORS_ORIGINS == ["https://shop.example", "https://admin.example"]
    assert settings.KAFKA_ENABLED is True
    assert settings.ACCESS_TOKEN_EXPIRE_MINUTES == 30
    assert settings.ADMIN_PASSWORD is None


def test_settings_come_from_a_dotenv_file(tmp_path, monkeypatch):
    monkeypatch.delenv("KAFKA_USERS_TOPIC", raising=False)
    env_file = tmp_path / ".env"
    env_file.write_text("KAFKA_USERS_TOPIC=shop-users\n")

    assert Settings(_env_file=env_file).KAFKA_USERS_TOPIC == "shop-users"


def test_env_example_documents_every_setting():
    example = (Path(__file__).parents[2] / ".env.example").read_text()
    for name in Settings.model_fields:
        assert f"{name}=" in example, name
