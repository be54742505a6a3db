"""The one place errors become HTTP responses, and the one error schema every route documents.

Every error body is an `ErrorResponse`: `detail`, a sentence for people; `code`, stable and
snake_case, for programs; and the structured fields a client needs to act on that code. Domain
errors get their status from the table below; validation errors are trimmed to what a client
needs (never echoing what was submitted, which may be a password); anything unexpected becomes
a logged, generic 500 without a stack trace.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from typing import Any, NamedTuple

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.exc import DataError, DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from webshop.core.errors import (
    Conflict,
    DomainError,
    Forbidden,
    InvalidInput,
    NotFound,
    PayloadTooLarge,
    RateLimited,
    Unauthorized,
    domain_errors,
)
from webshop.db.session import failure_reason, is_outage

logger = logging.getLogger(__name__)

STATUS_OF_KIND: dict[type[DomainError], int] = {
    NotFound: 404,
    Conflict: 409,
    Forbidden: 403,
    Unauthorized: 401,
    InvalidInput: 422,
    PayloadTooLarge: 413,
    RateLimited: 429,
}
MAX_FIELD_ERRORS = 20
DATA_EXCEPTION_CLASS = "22"  # SQLSTATE: the database refused a value as data


class RequestError(NamedTuple):
    """An error the HTTP layer answers by itself, before any domain rule runs."""

    status: int
    code: str
    detail: str


MALFORMED_BODY = RequestError(400, "malformed_body", "The request body could not be parsed")
NO_SUCH_PATH = RequestError(404, "not_found", "Not found")
WRONG_METHOD = RequestError(405, "method_not_allowed", "Method not allowed")
BODY_TOO_LARGE = RequestError(413, "payload_too_large", "The request body is too large")
VALIDATION_ERROR = RequestError(422, "validation_error", "The request is invalid")
UNSTORABLE_VALUE = RequestError(
    422, "unstorable_value", "The request contains a value that cannot be stored"
)
INTERNAL_ERROR = RequestError(500, "internal_error", "Internal server error")
DATABASE_UNAVAILABLE = RequestError(
    503, "database_unavailable", "The database is unavailable; try again shortly"
)
# Seconds a client should wait before retrying while the database is unavailable.
DATABASE_RETRY_AFTER_SECONDS = 5
OTHER_HTTP_ERROR = "http_error"  # any other status Starlette answers with by itself
HTTP_ERRORS = {e.status: e for e in (MALFORMED_BODY, NO_SUCH_PATH, WRONG_METHOD, BODY_TOO_LARGE)}
REQUEST_ERROR_CODES = {
    *(error.code for error in HTTP_ERRORS.values()),
    VALIDATION_ERROR.code,
    UNSTORABLE_VALUE.code,
    INTERNAL_ERROR.code,
    DATABASE_UNAVAILABLE.code,
    OTHER_HTTP_ERROR,
}


class FieldError(BaseModel):
    loc: list[str | int] = Field(description='Where: e.g. ["body", "items", 0, "quantity"]')
    msg: str
    type: str = Field(description="pydantic's error type, e.g. `greater_than_equal`")


class RowProblem(BaseModel):
    row: int = Field(description="Bulk edit: the row's index in the request; import: its line")
    product_id: int | None = None
    field: str | None = Field(None, description="The field or column at fault, if one is")
    message: str


class ErrorResponse(BaseModel):
    """The body of every error response. Fields other than `detail` and `code` are present
    only with the codes that carry them."""

    model_config = ConfigDict(extra="forbid")

    detail: str = Field(description="What went wrong, in a sentence for people")
    code: str = Field(description="What went wrong, for programs: stable, snake_case")
    errors: list[FieldError] | None = Field(
        None, description=f"`validation_error`: the invalid fields, at most {MAX_FIELD_ERRORS}"
    )
    product_ids: list[int] | None = Field(
        None,
        description="`out_of_stock`, `products_unavailable`, `line_limit_exceeded`, "
        "`unknown_product`: the products concerned",
    )
    current: str | None = Field(None, description="`invalid_transition`: the status now")
    requested: str | None = Field(None, description="`invalid_transition`: the status asked for")
    retry_after: int | None = Field(
        None, description="`rate_limited`: seconds to wait (also in `Retry-After`)"
    )
    rows: list[RowProblem] | None = Field(
        None, description="`bulk_rejected`, `import_rejected`: every row refused and why"
    )


def status_of(kind: type[DomainError]) -> int:
    return next((STATUS_OF_KIND[base] for base in kind.__mro__ if base in STATUS_OF_KIND), 400)


def error_codes() -> list[str]:
    """Every code an error body can carry."""
    return sorted({kind.code for kind in domain_errors()} | REQUEST_ERROR_CODES)


def error_responses(*kinds: type[DomainError]) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` for the domain errors a route can return, with an example each."""
    by_status: dict[int, list[type[DomainError]]] = defaultdict(list)
    for kind in kinds:
        by_status[status_of(kind)].append(kind)
    return {status: _documented(found) for status, found in by_status.items()}


def _documented(kinds: list[type[DomainError]]) -> dict[str, Any]:
    examples = {}
    for kind in kinds:
        error = kind.example()
        body = {"detail": error.detail, "code": error.code, **error.fields()}
        examples[kind.__name__] = {"summary": kind.default_detail, "value": body}
    return {
        "model": ErrorResponse,
        "description": " / ".join(dict.fromkeys(kind.default_detail for kind in kinds)),
        "content": {"application/json": {"examples": examples}},
    }


def error_json(
    status: int,
    code: str,
    detail: str,
    *,
    headers: dict[str, str] | None = None,
    **fields: Any,
) -> JSONResponse:
    body = {"detail": detail, "code": code, **{k: v for k, v in fields.items() if v is not None}}
    return JSONResponse(body, status_code=status, headers=headers)


def _domain_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    headers = None
    if isinstance(exc, Unauthorized):
        headers = {"WWW-Authenticate": "Bearer"}
    elif isinstance(exc, RateLimited):
        headers = {"Retry-After": str(exc.retry_after)}
    return error_json(status_of(type(exc)), exc.code, exc.detail, headers=headers, **exc.fields())


def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    """A body that is not JSON is a 400; a path naming something that cannot exist (an id too
    big for any row, say) is a 404; anything else is a 422 listing the fields."""
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    if any(error["type"] == "json_invalid" for error in errors):
        return error_json(*MALFORMED_BODY)
    if any(error["loc"][:1] == ("path",) for error in errors):
        return error_json(*NO_SUCH_PATH)
    fields = [
        {"loc": list(error["loc"]), "msg": _message(error), "type": error["type"]}
        for error in errors[:MAX_FIELD_ERRORS]
    ]
    return error_json(
        VALIDATION_ERROR.status,
        VALIDATION_ERROR.code,
        _summary(fields, len(errors)),
        errors=fields,
    )


def _message(error: Any) -> str:
    """pydantic's message, without the "Value error, " it puts before our own sentences."""
    if error["type"] == "value_error" and "error" in error.get("ctx", {}):
        return str(error["ctx"]["error"])
    return str(error["msg"])


def _summary(fields: list[dict[str, Any]], count: int) -> str:
    first = fields[0]
    where = ".".join(str(part) for part in first["loc"][1:]) or str(first["loc"][0])
    more = f" (and {count - 1} more invalid field{'s' if count > 2 else ''})" if count > 1 else ""
    return f"Invalid {where}: {first['msg']}{more}"


def http_error(request: Request, exc: Exception) -> JSONResponse:
    """Starlette's own errors (no route, wrong method, ...) in our shape."""
    assert isinstance(exc, StarletteHTTPException)
    known = HTTP_ERRORS.get(exc.status_code)
    code = known.code if known else OTHER_HTTP_ERROR
    # Our own words for a missing page or a wrong method; Starlette's name the limit passed
    # or what could not be parsed.
    detail = known.detail if known in (NO_SUCH_PATH, WRONG_METHOD) else str(exc.detail)
    headers = dict(exc.headers) if exc.headers else None
    return error_json(exc.status_code, code, detail, headers=headers)


def _database_error(request: Request, exc: Exception) -> JSONResponse:
    """A value that passed validation but that the database refuses as data (SQLSTATE class 22)
    is the client's: 422. Validation should have caught it first; this is the safety net. Any
    other database failure is ours: logged, and a generic 500."""
    assert isinstance(exc, DBAPIError)
    if is_outage(exc):
        return _database_unavailable(request, exc)
    sqlstate = str(getattr(exc.orig, "sqlstate", "") or "")
    if isinstance(exc, DataError) or sqlstate.startswith(DATA_EXCEPTION_CLASS):
        logger.warning("Database refused a value on %s: %s", request.url.path, exc.orig)
        return error_json(*UNSTORABLE_VALUE)
    logger.error("Database error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_json(*INTERNAL_ERROR)


def _database_unavailable(request: Request, exc: Exception) -> JSONResponse:
    """The database is unreachable or too slow: a 503 the client may retry, not a 500."""
    logger.warning(
        "Database unavailable on %s %s: %s", request.method, request.url.path, failure_reason(exc)
    )
    headers = {"Retry-After": str(DATABASE_RETRY_AFTER_SECONDS)}
    return error_json(*DATABASE_UNAVAILABLE, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(PoolTimeout, _database_unavailable)
    app.add_exception_handler(DBAPIError, _database_error)
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
