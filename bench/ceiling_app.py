"""The catalog page's ceiling: what FastAPI and uvicorn on this machine serve when a catalog page
costs nothing but routing, typed query parameters and the response model.

    .venv/bin/python bench/ceiling_app.py --port 8001 [--workers 2]

`GET /products/` takes the catalog's query parameters (validated the same way, through
`ProductFilters`) and answers 20 fixed products of bench/catalog_search.py's kind through
`response_model=list[ProductRead]`, the shop's own response model, with `X-Total-Count`. No
database, no middleware, no session. It is served by uvicorn with the options `webshop serve`
uses (see webshop.cli.serve). bench/performance.py starts and stops it.
"""

from __future__ import annotations

import argparse
import logging
import random
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import uvicorn
from catalog_search import SEED, product_rows
from fastapi import FastAPI, Query, Response

from webshop.catalog.schemas import ProductFilters, ProductRead

PAGE_SIZE = 20
BENCH_DIR = Path(__file__).resolve().parent


def page_of_products() -> list[ProductRead]:
    rows = product_rows(PAGE_SIZE, random.Random(SEED))  # noqa: S311 - fixed test data
    return [
        ProductRead(
            id=index + 1,
            sku=None,
            in_stock=row["stock"] > 0,
            average_rating=4.25 if index % 3 else None,
            review_count=index % 3 * 4,
            **{key: value for key, value in row.items() if key != "is_active"},
            is_active=True,
        )
        for index, row in enumerate(rows)
    ]


def create_app() -> FastAPI:
    # uvicorn's own lines (each worker's "Application startup complete") on stderr, as
    # `webshop serve` logs them: bench/performance.py waits for every worker. No access log.
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    app = FastAPI(title="Catalog ceiling", docs_url=None, redoc_url=None, openapi_url=None)
    products = page_of_products()
    started = datetime.now(UTC).isoformat()

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok", "since": started}

    @app.get("/products/", response_model=list[ProductRead])
    async def list_products(
        filters: Annotated[ProductFilters, Query()],
        response: Response,
        skip: Annotated[int, Query(ge=0, le=100_000)] = 0,
        limit: Annotated[int, Query(ge=1, le=100)] = PAGE_SIZE,
    ) -> list[ProductRead]:
        response.headers["X-Total-Count"] = str(100_000)
        return products[:limit]

    return app


def serve(factory: str, description: str, default_port: int) -> None:
    """Serve `factory` ("module:function" of bench/) with the options of `webshop serve`
    (webshop.cli.serve) without trusted proxies; --host, --port and --workers from the command
    line."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=default_port)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    uvicorn.run(
        factory,
        factory=True,
        app_dir=str(BENCH_DIR),
        host=args.host,
        port=args.port,
        workers=args.workers,
        proxy_headers=False,
        forwarded_allow_ips=None,
        timeout_worker_healthcheck=30,
        log_config=None,
        access_log=False,
    )


if __name__ == "__main__":
    serve("ceiling_app:create_app", __doc__.split("\n\n")[0], 8001)
