"""Domain errors and the one place that maps them, and every other failure, to HTTP.

Services raise the kinds below; they never know about status codes. `install_error_handlers`
turns each kind into `{"detail": ...}` with its status, trims validation errors to what a client
needs (never echoing the submitted input, which may be a password), and makes sure that an
unexpected exception becomes a logged, generic 500 without a stack trace.
"""

from __future__ import annotations

import logging
from typing import Any, ClassVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import DataError, DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException

logger = logging.getLogger(__name__)
DATA_EXCEPTION_CLASS = "22"


class DomainError(Exception):
    """A business rule said no. Subclass one of the kinds below, not this."""

    status_code: ClassVar[int] = 400
    default_detail: ClassVar[str] = "Request could not be processed"

    def __init__(self, detail: str | None = None) -> None:
        self.detail = detail or self.default_detail
        super().__init__(self.detail)

    @property
    def headers(self) -> dict[str, str] | None:
        return None


class NotFound(DomainError):
    status_code = 404
    default_detail = "Not found"


class Conflict(DomainError):
    status_code = 409
    default_detail = "Conflict"


class Forbidden(DomainError):
    status_code = 403
    default_detail = "You are not allowed to do this"


class Unauthorized(DomainError):
    status_code = 401
    default_detail = "Not authenticated"

    @property
    def headers(self) -> dict[str, str]:
        return {"WWW-Authenticate": "Bearer"}


class InvalidInput(DomainError):
    status_code = 422
    default_detail = "Invalid input"


class PayloadTooLarge(DomainError):
    status_code = 413
    default_detail = "Upload too large"


class ErrorResponse(BaseModel):
    """The body of every error response."""

    detail: str | list[dict[str, Any]]


def error_responses(*kinds: type[DomainError]) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries for the errors a route can return."""
    return {
        kind.status_code: {"model": ErrorResponse, "description": kind.default_detail}
        for kind in kinds
    }


def _domain_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)


def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    fields = [
        {"loc": list(error["loc"]), "msg": error["msg"], "type": error["type"]}
        for error in exc.errors()
    ]
    return JSONResponse({"detail": fields}, status_code=422)


def _http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    return JSONResponse(
        {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers or None
    )


def _database_error(request: Request, exc: Exception) -> JSONResponse:
    """A value that passed validation but that the database refuses as data (SQLSTATE class
    22, such as a NUL character in PostgreSQL text) is the client's mistake: 422. Any other
    database failure is ours: logged, and a generic 500."""
    assert isinstance(exc, DBAPIError)
    sqlstate = str(getattr(exc.orig, "sqlstate", "") or "")
    if isinstance(exc, DataError) or sqlstate.startswith(DATA_EXCEPTION_CLASS):
        logger.info("Database refused a value on %s: %s", request.url.path, exc.orig)
        return JSONResponse(
            {"detail": "The request contains a value that cannot be stored (e.g. a NUL)"},
            status_code=422,
        )
    logger.error("Database error on %s %s", request.method, request.url.path, exc_info=exc)
    return JSONResponse({"detail": "Internal server error"}, status_code=500)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DBAPIError, _database_error)
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
