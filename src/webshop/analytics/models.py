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


class ProductViewsTotal(Base):
    """How often each product page was viewed in all: the sum of its `ProductViewsDaily` rows,
    counted with them, so all-time rankings need not add up every day."""

    __tablename__ = "analytics_product_view_totals"

    product_id: Mapped[int] = mapped_column(primary_key=True)
    views: Mapped[int] = mapped_column(Integer, default=0)


class LastActiveDay(Base):
    """Each (pseudonymous) user's latest day of activity, kept with `ActiveUserDaily`: while no
    one has been active after a range's last day, the users active in the range are those whose
    latest day falls in it, counted without going through every day's users."""

    __tablename__ = "analytics_last_active"

    user_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
