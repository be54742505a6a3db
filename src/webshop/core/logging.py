"""Application logging: one line per record on stderr, unless the host already set logging up."""

from __future__ import annotations

import logging

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(level: int = logging.INFO) -> None:
    """Give the `webshop` loggers a handler; a no-op where the host configured logging."""
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.WARNING, format=LOG_FORMAT)
    logging.getLogger("webshop").setLevel(level)
