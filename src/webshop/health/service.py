from __future__ import annotations

import logging

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from webshop import __version__
from webshop.health.schemas import Health

logger = logging.getLogger(__name__)


async def check(session: AsyncSession) -> Health:
    try:
        await session.execute(text("SELECT 1"))
    except (SQLAlchemyError, OSError):
        logger.warning("Health check: database unreachable", exc_info=True)
        return Health(
            status="unavailable",
            version=__version__,
            database="unreachable",
            detail="Database unreachable",
        )
    return Health(status="ok", version=__version__, database="ok")
