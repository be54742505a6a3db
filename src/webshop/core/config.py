"""The one settings object, read from the environment and `.env` with the spec's names."""

from __future__ import annotations

import os
import secrets
import tempfile
import unicodedata
from functools import lru_cache
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BeforeValidator, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from webshop.core.currencies import ISO_4217_CODES
from webshop.core.ratelimit import Rate, parse_rates

SECRET_KEY_FILE = "secret_key"


def _rates(value: object) -> object:
    return parse_rates(value) if isinstance(value, str) else value


# "5/1m,10/15m": one or more rates (see .env.example).
Rates = Annotated[tuple[Rate, ...], NoDecode, BeforeValidator(_rates)]
MAX_SHOP_NAME = 100
# Control characters, and the line and paragraph separators: a name is one line of text.
UNPRINTABLE = frozenset({"Cc", "Zl", "Zp"})


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    DATA_DIR: Path = Path("./data")
    DATABASE_URL: str = ""
    # Database outages (PostgreSQL): how long to wait, in seconds, before a request gets a 503
    # instead of hanging. A connection takes milliseconds; 5 s allows for a busy server.
    DATABASE_CONNECT_TIMEOUT_SECONDS: float = Field(5, gt=0)
    # The server cancels a statement running longer (0: no limit); far above any page's queries.
    DATABASE_STATEMENT_TIMEOUT_SECONDS: float = Field(30, ge=0)
    # A request waits this long for a free pooled connection (SQLAlchemy's default is 30 s).
    DATABASE_POOL_TIMEOUT_SECONDS: float = Field(10, gt=0)
    # `webshop serve` waits this long for the database to answer before giving up.
    DATABASE_STARTUP_WAIT_SECONDS: float = Field(30, ge=0)
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
    # Page views are written to the outbox in batches this often: what a crash can lose.
    VIEW_EVENTS_FLUSH_SECONDS: float = Field(1.0, gt=0, le=60)
    # Views held while the database is unreachable before the oldest are dropped.
    VIEW_EVENTS_MAX_BUFFERED: int = Field(50_000, ge=100)

    # Public catalog answers are reused for at most this long (0: never); a change committed
    # anywhere drops them at once (PostgreSQL; on SQLite other workers' copies age out).
    CATALOG_CACHE_SECONDS: float = Field(1.0, ge=0, le=1)
    CATALOG_CACHE_ENTRIES: int = Field(1000, ge=1)

    # Sessions and throttling (see .env.example for the rate syntax).
    # A refresh token presented again this soon after its use is a second tab, not a thief.
    REFRESH_REUSE_GRACE_SECONDS: int = Field(10, ge=0, le=300)
    RATE_LIMIT_ENABLED: bool = True
    # Counters in Redis when set (redis://host:6379/0), else in the database.
    REDIS_URL: str = ""
    # Proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated).
    TRUSTED_PROXIES: Annotated[list[IPv4Network | IPv6Network], NoDecode] = []
    RATE_LIMIT_LOGIN_ACCOUNT_IP: Rates = parse_rates("5/1m,10/15m,20/1h")
    RATE_LIMIT_LOGIN_ACCOUNT: Rates = parse_rates("50/1h")
    RATE_LIMIT_LOGIN_IP: Rates = parse_rates("30/15m")
    RATE_LIMIT_REGISTER_IP: Rates = parse_rates("10/1h")
    RATE_LIMIT_REFRESH_IP: Rates = parse_rates("120/1m")
    RATE_LIMIT_PASSWORD_CHANGE: Rates = parse_rates("5/15m")
    # GET /metrics: only for this Bearer token when set, else only from this machine.
    METRICS_TOKEN: SecretStr | None = None
    # /health?deep=1 reports `degraded` once an event has waited this long for delivery.
    HEALTH_MAX_OUTBOX_LAG_SECONDS: int = Field(300, ge=1)
    # The integrity check (`webshop check`, POST /admin/checks) reports an event that has
    # waited this many minutes for delivery as stuck.
    INTEGRITY_OUTBOX_STUCK_MINUTES: int = Field(15, ge=1)
    # The largest request body accepted (uploads have their own, larger limit).
    MAX_REQUEST_BODY_BYTES: int = Field(1024 * 1024, ge=1024)

    # Logs go to stdout and to LOG_DIR/app.log (rotated at 10 MB, 5 kept); empty: stdout only.
    LOG_DIR: Path | None = Path("./logs")
    LOG_LEVEL: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    # json: one JSON object per line; text: for people at a terminal.
    LOG_FORMAT: Literal["json", "text"] = "json"
    # true: log the Kafka client's (aiokafka's) DEBUG records.
    KAFKA_DEBUG: bool = False

    @field_validator("LOG_DIR", mode="before")
    @classmethod
    def _blank_log_dir_is_off(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("LOG_LEVEL", mode="before")
    @classmethod
    def _upper_case_level(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("CORS_ORIGINS", "TRUSTED_PROXIES", mode="before")
    @classmethod
    def _split_list(cls, value: object) -> object:
        if isinstance(value, str):
            return [item.strip() for item in value.split(",") if item.strip()]
        return value

    @field_validator("TRUSTED_PROXIES", mode="before")
    @classmethod
    def _networks(cls, value: object) -> object:
        if isinstance(value, list):
            return [ip_network(item, strict=False) for item in value]
        return value

    @field_validator("CORS_ORIGINS")
    @classmethod
    def _no_wildcard(cls, origins: list[str]) -> list[str]:
        if "*" in origins:
            raise ValueError(
                "CORS_ORIGINS must name each origin: '*' with credentials would let any site "
                "act for a logged-in user"
            )
        return origins

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

    @field_validator("SECRET_KEY", "ADMIN_PASSWORD", "WEB_UI_DIR", "METRICS_TOKEN", mode="before")
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
