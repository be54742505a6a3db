"""order_totals: several rows per day and quarter hour (`shard`, from the order id), so that
concurrent checkouts add to different rows instead of queueing for one; reports sum them. The
rows there are stay, as shard 0.

Revision ID: 0011_order_totals_shards
Revises: 0010_product_counts
Create Date: 2026-12-08 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_order_totals_shards"
down_revision: str | None = "0010_product_counts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MEASURES = ("pending", "paid", "shipped", "delivered", "cancelled", "revenue", "units")


def upgrade() -> None:
    with op.batch_alter_table("order_totals") as table:
        table.add_column(sa.Column("shard", sa.SmallInteger(), nullable=False, server_default="0"))
        table.drop_constraint("pk_order_totals", type_="primary")
        table.create_primary_key("pk_order_totals", ["span_minutes", "starts_at", "shard"])


def downgrade() -> None:
    # Each span's rows added up into its shard 0 (marked -1 while the others are deleted).
    sums = ", ".join(f"sum({name})" for name in MEASURES)
    op.execute(
        f"""
        INSERT INTO order_totals (span_minutes, starts_at, shard, {", ".join(MEASURES)})
        SELECT span_minutes, starts_at, -1, {sums} FROM order_totals
        GROUP BY span_minutes, starts_at
        """  # noqa: S608 - our own column names  # nosec B608
    )
    op.execute("DELETE FROM order_totals WHERE shard <> -1")
    with op.batch_alter_table("order_totals") as table:
        table.drop_constraint("pk_order_totals", type_="primary")
        table.drop_column("shard")
        table.create_primary_key("pk_order_totals", ["span_minutes", "starts_at"])
