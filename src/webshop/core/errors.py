"""Domain errors: what a business rule says when it refuses.

Services raise them and know nothing of HTTP. Each error has a stable, machine-readable `code`
(snake_case) that clients branch on, a `detail` sentence for people and, where a client needs
them to act, structured `fields()` (the products that are short, the status an order is in).
Domains subclass one of the kinds below; `webshop.api.errors` maps each kind to its HTTP status.
"""

from __future__ import annotations

from typing import Any, ClassVar


class DomainError(Exception):
    """A business rule said no. Subclass one of the kinds below, not this."""

    code: ClassVar[str] = "bad_request"
    default_detail: ClassVar[str] = "Request could not be processed"

    def __init__(self, detail: str | None = None) -> None:
        self.detail = detail or self.default_detail
        super().__init__(self.detail)

    def fields(self) -> dict[str, Any]:
        """Structured data a client needs to act on the error, besides `code` and `detail`."""
        return {}

    @classmethod
    def example(cls) -> DomainError:
        """An instance to document the error with (errors that carry fields make up some)."""
        return cls()


class NotFound(DomainError):
    code = "not_found"
    default_detail = "Not found"


class Conflict(DomainError):
    code = "conflict"
    default_detail = "Conflict"


class Forbidden(DomainError):
    code = "forbidden"
    default_detail = "You are not allowed to do this"


class Unauthorized(DomainError):
    code = "not_authenticated"
    default_detail = "Not authenticated"


class InvalidInput(DomainError):
    code = "invalid_input"
    default_detail = "Invalid input"


class PayloadTooLarge(DomainError):
    code = "payload_too_large"
    default_detail = "Upload too large"


class RateLimited(DomainError):
    code = "rate_limited"
    default_detail = "Too many requests"

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(f"Too many requests; try again in {retry_after} s")

    def fields(self) -> dict[str, Any]:
        return {"retry_after": self.retry_after}

    @classmethod
    def example(cls) -> RateLimited:
        return cls(30)


def domain_errors() -> list[type[DomainError]]:
    """Every domain error class defined so far (those of imported modules), kinds included."""
    found: list[type[DomainError]] = []
    pending: list[type[DomainError]] = [DomainError]
    while pending:
        kind = pending.pop()
        found.append(kind)
        pending.extend(kind.__subclasses__())
    return found
