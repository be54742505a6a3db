"""`/health` answers within 2 s whatever the database does, so probes never pile up."""

import time

import pytest

from tests.outage import OUTAGES, database_down, shop_on
from webshop import __version__


@pytest.mark.parametrize("outage", OUTAGES)
async def test_health_is_a_503_within_2_seconds_when_the_database_is_down(settings, outage):
    with database_down(outage) as url:
        # A connect timeout longer than the 2 s: /health keeps its own limit.
        async with shop_on(settings, url, DATABASE_CONNECT_TIMEOUT_SECONDS=2.5) as client:
            started = time.monotonic()
            response = await client.get("/health")
            waited = time.monotonic() - started

    assert waited < 2
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "version": __version__,
        "database": "unreachable",
        "kafka": "disabled",
        "detail": "Database unreachable",
    }
