"""place_order(): on PostgreSQL a checkout writes its rows in one call of this function, one
round trip instead of seven statements (webshop.orders.placing). SQLite has no functions; the
shop writes the same rows there statement by statement, and a test checks both ways write the
same.

The function takes every line's stock (rows locked in product-id order, each taken only if the
product is for sale and has enough), then, only if every line was taken, inserts the order, its
first status, its lines, the stock movements, the `order_created` event and the order's count
in `order_totals` (the span that holds the order's time, of each length in `span_minutes`),
and returns one row per line with the new order's id and time. If a line could not
be taken it raises SQLSTATE WS001, its DETAIL the ids of those products, and so changes
nothing. Its statements get generic plans once they pay (`plan_cache_mode = auto`): the shop's
connections plan every statement anew for the sake of catalog searches, which would double
this function's cost.

Revision ID: 0012_place_order_function
Revises: 0011_order_totals_shards
Create Date: 2026-12-09 09:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012_place_order_function"
down_revision: str | None = "0011_order_totals_shards"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SIGNATURE = (
    "place_order(integer, integer[], integer[], text, text, character varying, "
    "character varying, smallint[], integer)"
)

CREATE = """
CREATE FUNCTION place_order(
    customer_id integer,
    product_ids integer[],
    quantities integer[],
    shipping_address text,
    note text,
    idempotency_key character varying,
    request_fingerprint character varying,
    span_minutes smallint[],
    shards integer
) RETURNS TABLE (
    order_id integer,
    placed_at timestamp with time zone,
    product_id integer,
    product_name character varying,
    unit_price numeric,
    quantity integer,
    stock_after integer
)
LANGUAGE plpgsql
SET plan_cache_mode = auto
AS $$
DECLARE
    placed_id integer;
    placed_on timestamp with time zone;
    taken_ids integer[];
BEGIN
    WITH wanted AS (
        SELECT * FROM unnest(product_ids, quantities) AS w (id, quantity)
    ),
    locked AS (
        SELECT p.id FROM products p WHERE p.id = ANY (product_ids) ORDER BY p.id FOR UPDATE
    ),
    taken AS (
        UPDATE products p
        SET stock = p.stock - w.quantity, updated_at = clock_timestamp()
        FROM wanted w, locked l
        WHERE p.id = w.id AND l.id = p.id AND p.is_active AND p.stock >= w.quantity
        RETURNING p.id, p.name, p.price, p.stock, w.quantity, p.price * w.quantity AS line_total
    ),
    placed AS (
        INSERT INTO orders (
            user_id, status, total_amount, shipping_address, note, idempotency_key,
            request_fingerprint, created_at, updated_at
        )
        SELECT customer_id, 'pending', t.total, shipping_address, note, idempotency_key,
            request_fingerprint, t.at, t.at
        FROM (
            -- The time once every row is locked: orders of one product are dated in the
            -- order they took it.
            SELECT sum(line_total) AS total, count(*) AS lines, clock_timestamp() AS at
            FROM taken
        ) t
        WHERE t.lines = cardinality(product_ids)
        RETURNING id, total_amount, created_at
    ),
    history AS (
        INSERT INTO order_status_changes (order_id, to_status, actor_id, created_at)
        SELECT o.id, 'pending', customer_id, o.created_at FROM placed o
    ),
    items AS (
        INSERT INTO order_items (
            order_id, product_id, product_name, unit_price, quantity, line_total
        )
        SELECT o.id, t.id, t.name, t.price, t.quantity, t.line_total
        FROM placed o, taken t ORDER BY t.id
    ),
    movements AS (
        INSERT INTO stock_movements (
            product_id, delta, stock_after, reason, actor_id, created_at, order_id
        )
        SELECT t.id, -t.quantity, t.stock, 'sale', customer_id, o.created_at, o.id
        FROM placed o, taken t ORDER BY t.id
    ),
    event AS (
        INSERT INTO outbox (event_id, event_type, key, user_id, data, timestamp)
        SELECT gen_random_uuid()::text, 'order_created', o.id::text, customer_id,
            json_build_object(
                'order_id', o.id,
                'total_amount', o.total_amount::text,
                'item_count', (SELECT sum(t.quantity) FROM taken t),
                'items', (
                    SELECT json_agg(
                        json_build_object(
                            'product_id', t.id,
                            'product_name', t.name,
                            'quantity', t.quantity,
                            'unit_price', t.price::text
                        )
                        ORDER BY t.id
                    )
                    FROM taken t
                )
            ),
            o.created_at
        FROM placed o
    ),
    counted AS (
        INSERT INTO order_totals AS totals (
            span_minutes, starts_at, shard, pending, paid, shipped, delivered, cancelled,
            revenue, units
        )
        SELECT minutes, date_bin(make_interval(mins => minutes), o.created_at, 'epoch'),
            o.id % shards, 1, 0, 0, 0, 0, 0, 0
        FROM placed o, unnest(span_minutes) AS minutes
        ORDER BY minutes
        ON CONFLICT ON CONSTRAINT pk_order_totals
        DO UPDATE SET pending = totals.pending + 1
    )
    SELECT min(o.id), min(o.created_at), array_agg(t.id) INTO placed_id, placed_on, taken_ids
    FROM taken t LEFT JOIN placed o ON true;

    IF placed_id IS NULL THEN
        RAISE EXCEPTION 'not every line of the order could be taken'
        USING ERRCODE = 'WS001', DETAIL = array_to_string(
            ARRAY(
                SELECT unnest(product_ids)
                EXCEPT SELECT unnest(coalesce(taken_ids, '{}'))
                ORDER BY 1
            ),
            ','
        );
    END IF;

    -- The rows are locked and changed by this transaction: read as it left them.
    RETURN QUERY
    SELECT placed_id, placed_on, p.id, p.name, p.price, w.quantity, p.stock
    FROM unnest(product_ids, quantities) AS w (id, quantity) JOIN products p ON p.id = w.id
    ORDER BY p.id;
END
$$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(CREATE)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP FUNCTION {SIGNATURE}")
