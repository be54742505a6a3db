"""The OpenAPI document, completed with the errors every operation can return.

Routes declare their domain errors (`responses=error_responses(...)`). The errors the HTTP layer
answers by itself are added here, from the shape of each operation: a 422 wherever there is
input, a 400 and a 413 wherever there is a body, a 404 wherever the path names something.
FastAPI's own validation-error schema gives way to `ErrorResponse`, whose `code` lists every
code, so a generated client gets one error type with all of them.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from webshop.api.errors import (
    BODY_TOO_LARGE,
    MALFORMED_BODY,
    NO_SUCH_PATH,
    VALIDATION_ERROR,
    error_codes,
)

ERROR_SCHEMA = {"$ref": "#/components/schemas/ErrorResponse"}


def install_openapi(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            complete_errors(FastAPI.openapi(app))
        assert app.openapi_schema is not None
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def complete_errors(schema: dict[str, Any]) -> None:
    components = schema["components"]["schemas"]
    for fastapi_schema in ("HTTPValidationError", "ValidationError"):
        components.pop(fastapi_schema, None)
    components["ErrorResponse"]["properties"]["code"]["enum"] = error_codes()
    for path_item in schema["paths"].values():
        for operation in path_item.values():
            responses = operation["responses"]
            parameters = operation.get("parameters", [])
            if "requestBody" in operation:
                _document(responses, *MALFORMED_BODY)
                _document(responses, *BODY_TOO_LARGE)
            if any(parameter["in"] == "path" for parameter in parameters):
                _document(responses, *NO_SUCH_PATH)
            if parameters or "requestBody" in operation:
                _document(responses, *VALIDATION_ERROR)


def _document(responses: dict[str, Any], status: int, code: str, detail: str) -> None:
    response = responses.setdefault(str(status), {"description": detail})
    content = response.setdefault("content", {}).setdefault("application/json", {})
    content["schema"] = ERROR_SCHEMA
    example = {"summary": detail, "value": {"detail": detail, "code": code}}
    content.setdefault("examples", {})[code] = example
