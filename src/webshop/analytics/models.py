"""Analytics the database does not otherwise hold, materialised from events.

Days are calendar days in the shop's time zone (`SHOP_TIMEZONE`).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from webshop.db.base import Base


class ProductViewsDaily(Base):
    """How often each product page was viewed on each day."""

    __tablename__ = "analytics_product_views"

    product_id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True, index=True)
    views: Mapped[int] = mapped_column(Integer, default=0)


class DailyCount(Base):
    """A per-day counter: `list_views`, `logins`, `cart_updates`, `product_views`."""

    __tablename__ = "analytics_daily_counts"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    metric: Mapped[str] = mapped_column(String(32), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


class ActiveUserDaily(Base):
    """Which (pseudonymous) users were active on each day, to count distinct active users."""

    __tablename__ = "analytics_active_users"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    user_key: Mapped[str] = mapped_column(String(64), primary_key=True)
