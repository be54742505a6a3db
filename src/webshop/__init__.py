"""WebShop: an online shop that starts on SQLite and scales out on PostgreSQL and Kafka."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("webshop")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
