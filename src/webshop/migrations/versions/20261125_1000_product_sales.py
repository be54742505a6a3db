"""analytics: paid sales per product, kept by the orders service; filled from existing orders

Revision ID: 0005_product_sales
Revises: 0004_events
Create Date: 2026-11-25 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_product_sales"
down_revision: str | None = "0004_events"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "analytics_product_sales",
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.Column("revenue", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("orders", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("product_id", name=op.f("pk_analytics_product_sales")),
    )
    op.execute(
        """
        INSERT INTO analytics_product_sales (product_id, units, revenue, orders)
        SELECT order_items.product_id, sum(order_items.quantity), sum(order_items.line_total),
               count(order_items.id)
        FROM order_items JOIN orders ON orders.id = order_items.order_id
        WHERE orders.status IN ('paid', 'shipped', 'delivered')
        GROUP BY order_items.product_id
        """
    )


def downgrade() -> None:
    op.drop_table("analytics_product_sales")
