"""The OpenAPI document tells a client every error it can get, in one schema with one code list."""

from webshop.api.errors import ErrorResponse
from webshop.auth.errors import RoleRequired
from webshop.core import errors as kinds
from webshop.core.errors import domain_errors

ERROR_SCHEMA = {"$ref": "#/components/schemas/ErrorResponse"}
# Raised by the customers-only guard (`CustomerUser`), which no route needs yet.
RAISED_BY_NO_ROUTE = {RoleRequired}


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield f"{method.upper()} {path}", operation


def error_responses(operation):
    return {
        status: response
        for status, response in operation["responses"].items()
        if int(status) >= 400 and status != "503"  # /health's 503 is its own report
    }


def test_every_domain_error_is_declared_on_a_route_with_its_code(app):
    schema = app.openapi()
    documented = {
        name: example["value"]
        for _, operation in operations(schema)
        for response in error_responses(operation).values()
        for name, example in response["content"]["application/json"]["examples"].items()
    }
    codes = set(schema["components"]["schemas"]["ErrorResponse"]["properties"]["code"]["enum"])
    concrete = [
        kind
        for kind in domain_errors()
        if kind.__module__.split(".")[1] not in ("core", "demo")
        and kind.__module__.startswith("webshop.")
    ]

    assert len(concrete) > 20
    for kind in concrete:
        assert kind.code in codes
        if kind in RAISED_BY_NO_ROUTE:
            continue
        assert kind.__name__ in documented, kind
        assert documented[kind.__name__]["code"] == kind.code
        ErrorResponse.model_validate(documented[kind.__name__])
    assert kinds.RateLimited.__name__ in documented


def test_every_error_response_uses_the_one_error_schema(app):
    schema = app.openapi()

    assert "HTTPValidationError" not in schema["components"]["schemas"]
    for where, operation in operations(schema):
        for status, response in error_responses(operation).items():
            content = response["content"]["application/json"]
            assert content["schema"] == ERROR_SCHEMA, (where, status)
            for example in content["examples"].values():
                assert str(ErrorResponse.model_validate(example["value"]).code), (where, status)


def test_errors_of_the_request_itself_are_declared_by_the_shape_of_each_operation(app):
    for where, operation in operations(app.openapi()):
        responses = operation["responses"]
        parameters = operation.get("parameters", [])
        if "requestBody" in operation:
            assert {"400", "413", "422"} <= set(responses), where
        if any(parameter["in"] == "path" for parameter in parameters):
            assert "404" in responses, where
        if parameters:
            assert "422" in responses, where
