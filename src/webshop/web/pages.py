"""The pages the React app routes: answered with its index.html and a 200.

Any other path outside the API is answered with index.html too, but with a 404: the app shows
its not-found page and a crawler sees a missing page. Keep this in step with the app's routes.
"""

from __future__ import annotations

import re

from webshop.core.inputs import MAX_ID

PAGE = re.compile(
    r"/(?:"
    r"(?:cart|login|register)/?"
    r"|(?:checkout|account|admin)(?:/.*)?"  # and every page under them
    r"|product/(?P<product_id>[1-9][0-9]{0,9})/?"
    r")?"
)


def is_page(path: str) -> bool:
    match = PAGE.fullmatch(path)
    return match is not None and int(match["product_id"] or 1) <= MAX_ID
