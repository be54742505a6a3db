"""The FastAPI application: lifespan, middleware, error handling, documentation and routers."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles

from webshop import __version__
from webshop.admin.router import router as admin_router
from webshop.analytics import counting
from webshop.analytics.live import LiveFeed
from webshop.analytics.router import router as analytics_router
from webshop.api.cache import CachedAnswers, ResponseCache
from webshop.api.docs import install_docs
from webshop.api.errors import install_error_handlers
from webshop.api.middleware import BodyLimitMiddleware, SecurityMiddleware
from webshop.api.openapi import install_openapi
from webshop.api.request_log import RequestLogMiddleware
from webshop.auth.router import router as auth_router
from webshop.cart.router import router as cart_router
from webshop.catalog import counts
from webshop.catalog.router import CATALOG_TABLES
from webshop.catalog.router import router as catalog_router
from webshop.core import metrics
from webshop.core.config import Settings, get_settings
from webshop.core.logging import configure_logging
from webshop.core.ratelimit import Limiter, RedisCounters
from webshop.customers.router import router as customers_router
from webshop.db import changes
from webshop.db.ratelimit import DatabaseCounters
from webshop.db.session import Timeouts, create_engine, create_sessionmaker
from webshop.events.buffer import EventBuffer
from webshop.events.relay import Relay
from webshop.events.transport import transport_for
from webshop.health.router import router as health_router
from webshop.integrity.router import router as integrity_router
from webshop.orders.router import router as orders_router
from webshop.reviews.router import router as reviews_router
from webshop.shop.router import router as shop_router
from webshop.users.router import router as users_router
from webshop.web.router import install_web_ui

DESCRIPTION = """
WebShop's REST API. Authenticate with `POST /auth/login` and send the access token as
`Authorization: Bearer <token>`.

Errors are always JSON: `{"detail": "a sentence for people", "code": "for_programs"}`, plus
the fields a code needs (`product_ids` with `out_of_stock`, `errors` with `validation_error`, …).
Every operation documents the errors it can return and their codes.
"""
ROUTERS = (
    health_router,
    shop_router,
    auth_router,
    users_router,
    catalog_router,
    reviews_router,
    orders_router,
    customers_router,
    cart_router,
    analytics_router,
    integrity_router,
    admin_router,
)


def operation_id(route: APIRoute) -> str:
    """Stable operation ids (`users-read_me`) give generated clients readable method names."""
    return f"{route.tags[0]}-{route.name}" if route.tags else route.name


def create_app(settings: Settings | None = None) -> FastAPI:
    """The shop's API and its web UI. `settings` is the one settings object every route and
    service reads."""
    settings = settings or get_settings()
    configure_logging(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        settings.media_dir.mkdir(parents=True, exist_ok=True)
        engine = create_engine(settings.DATABASE_URL, Timeouts.of(settings))
        app.state.engine = engine
        metrics.count_connections_in_use(engine)
        app.state.sessionmaker = sessionmaker = create_sessionmaker(engine)
        app.state.read_sessionmaker = create_sessionmaker(engine, read_only=True)
        redis_counters = RedisCounters(settings.REDIS_URL) if settings.REDIS_URL else None
        app.state.limiter = Limiter(
            redis_counters or DatabaseCounters.on(engine), enabled=settings.RATE_LIMIT_ENABLED
        )
        stop = asyncio.Event()
        relay_task = None
        if settings.RELAY_ENABLED:
            handler = counting.event_handler(settings.shop_zone)
            relay = Relay(settings, sessionmaker, transport_for(settings, sessionmaker, handler))
            relay_task = asyncio.create_task(relay.run(stop), name="outbox-relay")
        tasks = [
            asyncio.create_task(app.state.live_feed.run(stop, sessionmaker), name="live-feed"),
            asyncio.create_task(
                app.state.event_buffer.run(stop, sessionmaker, settings.VIEW_EVENTS_FLUSH_SECONDS),
                name="view-events",
            ),
        ]
        if engine.dialect.name == "postgresql":
            tasks += [
                asyncio.create_task(changes.listen(settings.DATABASE_URL, stop), name="changes"),
                asyncio.create_task(counts.keep_compact(stop, sessionmaker), name="counts"),
            ]
        # What startup made (modules, routes, compiled statements) lives as long as the
        # process: out of the collector's way, full collections stay short under load.
        gc.freeze()
        try:
            yield
        finally:
            stop.set()
            await asyncio.gather(*tasks)
            if relay_task is not None:
                await relay_task
            if redis_counters is not None:
                await redis_counters.close()
            await engine.dispose()

    app = FastAPI(
        title="WebShop API",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        generate_unique_id_function=operation_id,
        docs_url=None,
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
    )
    app.state.settings = settings
    app.add_middleware(CachedAnswers)  # innermost: logged, counted and headed like any answer
    app.add_middleware(BodyLimitMiddleware, default_limit=settings.MAX_REQUEST_BODY_BYTES)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.CORS_ORIGINS,
        allow_credentials=True,
        allow_methods=["*"],
        allow_headers=["*"],
        expose_headers=["X-Total-Count", "X-Request-ID"],
    )
    app.add_middleware(SecurityMiddleware)
    app.add_middleware(RequestLogMiddleware)  # outermost: even the generic 500 gets the id
    install_error_handlers(app)
    install_openapi(app)
    install_docs(app)
    app.state.live_feed = LiveFeed(settings.secret_key)
    app.state.event_buffer = EventBuffer(max_events=settings.VIEW_EVENTS_MAX_BUFFERED)
    app.state.catalog_cache = ResponseCache(
        CATALOG_TABLES,
        max_age=settings.CATALOG_CACHE_SECONDS,
        max_entries=settings.CATALOG_CACHE_ENTRIES,
    )
    for router in ROUTERS:
        app.include_router(router)
    app.mount("/media", StaticFiles(directory=settings.media_dir, check_dir=False), name="media")
    install_web_ui(app, settings)
    return app
