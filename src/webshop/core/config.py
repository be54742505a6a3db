"""The one settings object, read from the environment and `.env` with the spec's names."""

from __future__ import annotations

import os
import secrets
import tempfile
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from webshop.core.currencies import ISO_4217_CODES

SECRET_KEY_FILE = "secret_key"
MAX_SHOP_NAME = 100
# Control characters, and the line and paragraph separators: a name is one line of text.
UNPRINTABLE = frozenset({"Cc", "Zl", "Zp"})


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    DATA_DIR: Path = Path("./data")
    DATABASE_URL: str = ""
    SECRET_KEY: SecretStr | None = None
    ACCESS_TOKEN_EXPIRE_MINUTES: int = Field(15, ge=1)
    REFRESH_TOKEN_EXPIRE_DAYS: int = Field(7, ge=1)
    BCRYPT_ROUNDS: int = Field(12, ge=4, le=31)

    ADMIN_EMAIL: str = "admin@example.com"
    ADMIN_USERNAME: str = "admin"
    ADMIN_PASSWORD: SecretStr | None = None

    CORS_ORIGINS: Annotated[list[str], NoDecode] = [
        "http://localhost:5173",
        "http://127.0.0.1:5173",
    ]

    KAFKA_ENABLED: bool = False
    KAFKA_BOOTSTRAP_SERVERS: str = "localhost:9092"
    KAFKA_ANALYTICS_TOPIC: str = "webshop-analytics"
    KAFKA_PRODUCTS_TOPIC: str = "webshop-products"
    KAFKA_ORDERS_TOPIC: str = "webshop-orders"
    KAFKA_USERS_TOPIC: str = "webshop-users"
    KAFKA_CONSUMER_GROUP: str = "webshop-analytics"

    # What the web UI calls the shop and prices in (`GET /shop`).
    SHOP_NAME: str = "WebShop"
    SHOP_CURRENCY: str = "EUR"
    # Calendar days in analytics are days in this time zone (an IANA name, e.g. Europe/Berlin).
    SHOP_TIMEZONE: str = "UTC"
    # The built web UI served at `/`; empty means the package's own build (webshop/web/dist).
    WEB_UI_DIR: Path | None = None

    # How long delivered events stay in the outbox before they are pruned.
    OUTBOX_RETENTION_HOURS: int = Field(168, ge=1)
    # Run the outbox relay inside `webshop serve` (one per host holds the lease and works).
    RELAY_ENABLED: bool = True
    # How many cart updates one user may report per minute.
    CART_EVENTS_PER_MINUTE: int = Field(60, ge=1)
    # The largest request body accepted (uploads have their own, larger limit).
    MAX_REQUEST_BODY_BYTES: int = Field(1024 * 1024, ge=1024)

    @field_validator("CORS_ORIGINS", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [origin.strip() for origin in value.split(",") if origin.strip()]
        return value

    @field_validator("SHOP_NAME")
    @classmethod
    def _one_line_name(cls, value: str) -> str:
        name = value.strip()
        if not 1 <= len(name) <= MAX_SHOP_NAME:
            raise ValueError(f"SHOP_NAME must be 1 to {MAX_SHOP_NAME} characters long")
        if any(unicodedata.category(char) in UNPRINTABLE for char in name):
            raise ValueError("SHOP_NAME must not contain control characters or line breaks")
        return name

    @field_validator("SHOP_CURRENCY")
    @classmethod
    def _known_currency(cls, value: str) -> str:
        code = value.strip().upper()
        if code not in ISO_4217_CODES:
            raise ValueError(
                f"SHOP_CURRENCY must be an ISO 4217 currency code in use, "
                f"such as EUR, USD or GBP; {value!r} is not one"
            )
        return code

    @field_validator("SHOP_TIMEZONE")
    @classmethod
    def _known_time_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @property
    def shop_zone(self) -> ZoneInfo:
        return ZoneInfo(self.SHOP_TIMEZONE)

    @field_validator("SECRET_KEY", "ADMIN_PASSWORD", "WEB_UI_DIR", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if value == "" else value

    @model_validator(mode="after")
    def _derive_defaults(self) -> Settings:
        if not self.DATABASE_URL:
            self.DATABASE_URL = f"sqlite+aiosqlite:///{self.DATA_DIR / 'webshop.db'}"
        self.DATABASE_URL = normalize_database_url(self.DATABASE_URL)
        if self.SECRET_KEY is not None and len(self.SECRET_KEY.get_secret_value()) < 32:
            raise ValueError("SECRET_KEY must be at least 32 characters long")
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.DATABASE_URL.startswith("sqlite")

    @property
    def media_dir(self) -> Path:
        """Where uploaded images live; served at `/media`."""
        return self.DATA_DIR / "media"

    @property
    def secret_key(self) -> str:
        """The signing key: `SECRET_KEY`, or one generated once and kept in `DATA_DIR`."""
        if self.SECRET_KEY is None:
            self.SECRET_KEY = SecretStr(load_or_create_secret(self.DATA_DIR / SECRET_KEY_FILE))
        return self.SECRET_KEY.get_secret_value()


def normalize_database_url(url: str) -> str:
    """Accept the plain URLs people write and pick the async driver we ship."""
    for plain, async_form in (
        ("sqlite://", "sqlite+aiosqlite://"),
        ("postgresql://", "postgresql+asyncpg://"),
        ("postgres://", "postgresql+asyncpg://"),
    ):
        if url.startswith(plain):
            return async_form + url[len(plain) :]
    return url


def load_or_create_secret(path: Path) -> str:
    """Read the key at `path`, creating it (mode 0600) if absent.

    The key is written to a private temporary file and hard-linked into place, so a worker
    that loses the race reads the winner's complete key, never a half-written one.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".secret-")  # created with mode 0600
        try:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(48))
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(tmp)
    return path.read_text().strip()


@lru_cache
def get_settings() -> Settings:
    return Settings()
