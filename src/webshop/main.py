"""The FastAPI application: lifespan, middleware, error handling and routers."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles

from webshop import __version__
from webshop.analytics.live import LiveFeed
from webshop.analytics.router import router as analytics_router
from webshop.auth.router import router as auth_router
from webshop.catalog.router import router as catalog_router
from webshop.core.config import Settings, get_settings
from webshop.core.errors import install_error_handlers
from webshop.core.logging import configure_logging
from webshop.core.middleware import SecurityMiddleware
from webshop.core.ratelimit import SlidingWindowLimiter
from webshop.customers.router import router as customers_router
from webshop.db.session import create_engine, create_sessionmaker
from webshop.events.relay import Relay
from webshop.events.router import router as events_router
from webshop.events.transport import transport_for
from webshop.health.router import router as health_router
from webshop.orders.router import router as orders_router
from webshop.reviews.router import router as reviews_router
from webshop.users.router import router as users_router

DESCRIPTION = """
WebShop's REST API. Authenticate with `POST /auth/login` and send the access token as
`Authorization: Bearer <token>`. Errors are always JSON: `{"detail": ...}`.
"""


def operation_id(route: APIRoute) -> str:
    """Stable operation ids (`users-read_me`) give generated clients readable method names."""
    return f"{route.tags[0]}-{route.name}" if route.tags else route.name


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    configure_logging()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        settings.media_dir.mkdir(parents=True, exist_ok=True)
        engine = create_engine(settings.DATABASE_URL)
        app.state.engine = engine
        app.state.sessionmaker = sessionmaker = create_sessionmaker(engine)
        stop = asyncio.Event()
        relay_task = None
        if settings.RELAY_ENABLED:
            relay = Relay(settings, sessionmaker, transport_for(settings, sessionmaker))
            relay_task = asyncio.create_task(relay.run(stop), name="outbox-relay")
        feed_task = asyncio.create_task(
            app.state.live_feed.run(stop, sessionmaker), name="live-feed"
        )
        try:
            yield
        finally:
            stop.set()
            await feed_task
            if relay_task is not None:
                await relay_task
            await engine.dispose()

    app = FastAPI(
        title="WebShop API",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        generate_unique_id_function=operation_id,
    )
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.CORS_ORIGINS,
        allow_credentials=True,
        allow_methods=["*"],
        allow_headers=["*"],
        expose_headers=["X-Total-Count"],
    )
    app.add_middleware(SecurityMiddleware)
    install_error_handlers(app)
    app.state.cart_limiter = SlidingWindowLimiter(settings.CART_EVENTS_PER_MINUTE)
    app.state.live_feed = LiveFeed(settings.secret_key)
    routers = (health_router, auth_router, users_router, catalog_router, reviews_router)
    for router in (*routers, orders_router, customers_router, events_router, analytics_router):
        app.include_router(router)
    app.mount("/media", StaticFiles(directory=settings.media_dir, check_dir=False), name="media")
    return app
