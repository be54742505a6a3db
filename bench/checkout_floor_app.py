"""Checkout's floor: the least a FastAPI checkout costs on this machine. It checks the token's
signature and the body as the shop does (`decode_token`, `OrderCreate`), writes the order with
the shop's own database function `place_order` in one round trip (asyncpg, no transaction
around it) and answers through `response_model=OrderRead`. No session look-up, no middleware,
no log, no SQLAlchemy: a checkout that did less would not be one.

    DATABASE_URL=postgresql://... SECRET_KEY=... .venv/bin/python bench/checkout_floor_app.py \\
        --port 8002 [--workers 2]

bench/performance.py starts it on the database its checkout run used, beside pgbench.
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

import asyncpg
from ceiling_app import serve
from fastapi import FastAPI, Header, HTTPException

from webshop.core import security
from webshop.orders import revenue
from webshop.orders.placing import NOT_TAKEN
from webshop.orders.schemas import OrderCreate, OrderRead

PLACE_ORDER = "SELECT * FROM place_order($1, $2, $3, $4, $5, NULL, '', $6, $7)"


def create_app() -> FastAPI:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    secret = os.environ["SECRET_KEY"]
    pool: asyncpg.Pool

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        nonlocal pool
        url = os.environ["DATABASE_URL"].replace("postgresql+asyncpg://", "postgresql://")
        pool = await asyncpg.create_pool(url, min_size=4, max_size=10)
        yield
        await pool.close()

    app = FastAPI(lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/orders/", response_model=OrderRead, status_code=201)
    async def place_order(
        data: OrderCreate, authorization: Annotated[str, Header()] = ""
    ) -> OrderRead:
        try:
            claims = security.decode_token(
                authorization.removeprefix("Bearer "),
                secret=secret,
                expected_type=security.TokenType.ACCESS,
            )
        except security.InvalidToken as exc:
            raise HTTPException(401) from exc
        lines: dict[int, int] = {}
        for line in data.items:
            lines[line.product_id] = lines.get(line.product_id, 0) + line.quantity
        product_ids = sorted(lines)
        async with pool.acquire() as connection:
            try:
                rows = await connection.fetch(
                    PLACE_ORDER,
                    claims.user_id,
                    product_ids,
                    [lines[product_id] for product_id in product_ids],
                    data.shipping_address,
                    data.note,
                    list(revenue.SPANS),
                    revenue.SHARDS,
                )
            except asyncpg.PostgresError as error:
                if error.sqlstate != NOT_TAKEN:
                    raise
                raise HTTPException(409) from error
        items = [{**row, "line_total": row["unit_price"] * row["quantity"]} for row in rows]
        return OrderRead.model_validate(
            {
                "id": rows[0]["order_id"],
                "user_id": claims.user_id,
                "status": "pending",
                "total_amount": sum(item["line_total"] for item in items),
                "shipping_address": data.shipping_address,
                "note": data.note,
                "created_at": rows[0]["placed_at"],
                "updated_at": rows[0]["placed_at"],
                "item_count": sum(lines.values()),
                "items": items,
            }
        )

    return app


if __name__ == "__main__":
    serve("checkout_floor_app:create_app", __doc__.split("\n\n")[0], 8002)
