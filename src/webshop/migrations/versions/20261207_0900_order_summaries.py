"""summaries of the orders (per day and quarter hour, by status; sales per product, day and
week), all-time product views and each user's latest active day, filled from what is there

Revision ID: 0009_order_summaries
Revises: 0008_login_sessions
Create Date: 2026-12-07 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_order_summaries"
down_revision: str | None = "0008_login_sessions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATUSES = ("pending", "paid", "shipped", "delivered", "cancelled")
PAID = "('paid', 'shipped', 'delivered')"


def upgrade() -> None:
    op.create_table(
        "order_totals",
        sa.Column("span_minutes", sa.SmallInteger(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        *(sa.Column(status, sa.Integer(), nullable=False) for status in STATUSES),
        sa.Column("revenue", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("span_minutes", "starts_at", name=op.f("pk_order_totals")),
    )
    op.create_table(
        "product_sales_by_period",
        sa.Column("span_days", sa.SmallInteger(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.Column("revenue", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("orders", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "span_days", "starts_on", "product_id", name=op.f("pk_product_sales_by_period")
        ),
    )
    op.create_table(
        "analytics_product_view_totals",
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("views", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("product_id", name=op.f("pk_analytics_product_view_totals")),
    )
    op.create_table(
        "analytics_last_active",
        sa.Column("user_key", sa.String(length=64), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("user_key", name=op.f("pk_analytics_last_active")),
    )
    op.create_index(op.f("ix_analytics_last_active_day"), "analytics_last_active", ["day"])
    postgres = op.get_bind().dialect.name == "postgresql"
    _fill_order_totals(postgres=postgres)
    _fill_sales(postgres=postgres)
    op.execute(
        """
        INSERT INTO analytics_product_view_totals (product_id, views)
        SELECT product_id, sum(views) FROM analytics_product_views GROUP BY product_id
        """
    )
    op.execute(
        """
        INSERT INTO analytics_last_active (user_key, day)
        SELECT user_key, max(day) FROM analytics_active_users GROUP BY user_key
        """
    )


# SQLite keeps a datetime as "YYYY-MM-DD HH:MM:SS.ffffff" (UTC here), the way SQLAlchemy
# stores it: it is cut rather than parsed (SQLite's date functions round to milliseconds, and
# 23:59:59.9999 would be the next day) and new ones are built in that shape.


def _day_start(moment: str, *, postgres: bool) -> str:
    if postgres:
        return f"to_timestamp(floor(extract(epoch FROM {moment}) / 86400) * 86400)"
    return f"substr({moment}, 1, 10) || ' 00:00:00.000000'"


def _fill_order_totals(*, postgres: bool) -> None:
    """The quarter hours from the orders, the days from the quarter hours."""
    if postgres:
        quarter = "to_timestamp(floor(extract(epoch FROM orders.created_at) / 900) * 900)"
    else:  # the backslash keeps op.execute's text() from taking ":00" for a bind parameter
        minute = "CAST(substr(orders.created_at, 15, 2) AS INTEGER) / 15 * 15"
        quarter = f"substr(orders.created_at, 1, 14) || printf('%02d', {minute}) || '\\:00.000000'"
    counts = ", ".join(
        f"sum(CASE WHEN orders.status = '{status}' THEN 1 ELSE 0 END)" for status in STATUSES
    )
    measures = ", ".join((*STATUSES, "revenue", "units"))
    op.execute(
        f"""
        INSERT INTO order_totals (span_minutes, starts_at, {measures})
        SELECT 15, {quarter}, {counts},
               coalesce(sum(CASE WHEN orders.status IN {PAID} THEN orders.total_amount END), 0),
               coalesce(sum(CASE WHEN orders.status IN {PAID} THEN lines.units END), 0)
        FROM orders LEFT JOIN (
            SELECT order_id, sum(quantity) AS units FROM order_items GROUP BY order_id
        ) AS lines ON lines.order_id = orders.id
        GROUP BY {quarter}
        """  # noqa: S608 - constants  # nosec B608
    )
    day = _day_start("starts_at", postgres=postgres)
    sums = ", ".join(f"sum({name})" for name in (*STATUSES, "revenue", "units"))
    op.execute(
        f"""
        INSERT INTO order_totals (span_minutes, starts_at, {measures})
        SELECT 1440, {day}, {sums} FROM order_totals WHERE span_minutes = 15 GROUP BY {day}
        """  # noqa: S608 - constants  # nosec B608
    )


def _fill_sales(*, postgres: bool) -> None:
    """The days from the paid order lines, the weeks (from Monday) from the days."""
    if postgres:
        day = "date(timezone('UTC', orders.created_at))"
        monday = "date(date_trunc('week', starts_on::timestamp))"
    else:
        day = "substr(orders.created_at, 1, 10)"
        monday = "date(starts_on, '-6 days', 'weekday 1')"
    op.execute(
        f"""
        INSERT INTO product_sales_by_period
            (span_days, starts_on, product_id, units, revenue, orders)
        SELECT 1, {day}, order_items.product_id, sum(order_items.quantity),
               sum(order_items.line_total), count(order_items.id)
        FROM order_items JOIN orders ON orders.id = order_items.order_id
        WHERE orders.status IN {PAID}
        GROUP BY {day}, order_items.product_id
        """  # noqa: S608 - constants  # nosec B608
    )
    op.execute(
        f"""
        INSERT INTO product_sales_by_period
            (span_days, starts_on, product_id, units, revenue, orders)
        SELECT 7, {monday}, product_id, sum(units), sum(revenue), sum(orders)
        FROM product_sales_by_period WHERE span_days = 1
        GROUP BY {monday}, product_id
        """  # noqa: S608 - constants  # nosec B608
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_analytics_last_active_day"), table_name="analytics_last_active")
    op.drop_table("analytics_last_active")
    op.drop_table("analytics_product_view_totals")
    op.drop_table("product_sales_by_period")
    op.drop_table("order_totals")
