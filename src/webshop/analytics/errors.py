from __future__ import annotations

from webshop.core.errors import InvalidInput


class InvalidPeriod(InvalidInput):
    """A period that cannot be meant: `days` with `date_from`, a range that ends before it
    starts or spans more than two years, `date_from` after today without `date_to`, or (where
    the default is all time) a comparison or a `date_to` without a range."""

    code = "invalid_period"
    default_detail = "The date range is not valid"
