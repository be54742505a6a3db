"""Every operation of our own OpenAPI document, fed hostile values of every kind.

Each parameter and each body field in turn gets huge and negative integers, dates outside any
calendar a shop needs, empty, huge and NUL-bearing text; each body is also sent unparsable,
of the wrong shape and over the size limit. Whatever the input, the answer is never a 5xx, and
an error is the documented `ErrorResponse`, with a status the operation documents, that never
repeats what was sent. Text with a NUL is never accepted.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from tests.factories import auth_headers, create_order, create_product
from webshop.api.errors import ErrorResponse
from webshop.reviews.models import Review

MARKER = "FUZZ-MARKER-7f3a"
HOSTILE_TEXT: list[Any] = [
    "",
    " ",
    MARKER * 2000,
    f"{MARKER}\x00",
    "\x00",
    f"'; DROP TABLE users; --{MARKER}",
    "%_\\",
    "🙂" * 300,
]
HOSTILE_NUMBERS: list[Any] = [-1, 0, 2**31, 2**63, -(2**63) - 1, 10**40, 1.5, 1e308, "1e309", "NaN"]
HOSTILE_DATES: list[Any] = [
    "2026-11-30",
    "2026-11-30T10:00",
    "2026-11-30T10:00:00+14:00",
    "0001-01-01",
    "1899-12-31",
    "9999-12-31T23:59:59-12:00",
    "10000-01-01",
    "+275760-09-13",
    "2026-02-30",
    "yesterday",
]
# Whatever a field is: the wrong type, plain text, a NUL.
HOSTILE_ANYWHERE: list[Any] = [None, True, [], {}, MARKER, "\x00"]
HOSTILE_BODIES: list[tuple[str, bytes]] = [
    ("application/json", b"{"),
    ("application/json", b"\xff\xfe\x00"),
    ("application/json", b"[]"),
    ("application/json", b'"text"'),
    ("application/json", b"null"),
    ("application/json", b"[" * 100_000),
    ("application/json", b'{"a": 1e999999}'),
    ("application/json", json.dumps({f"k{n}": 0 for n in range(20_000)}).encode()),
    ("application/json", b" " * (1024 * 1024 + 1)),
    ("text/plain", MARKER.encode()),
    ("multipart/form-data; boundary=xyz", b"--xyz\r\nbroken"),
    ("application/x-www-form-urlencoded", b"%%%%&&&==="),
]
# An endless Server-Sent Events stream: nothing hostile to send it, and it never ends.
METHOD_ORDER = ["get", "post", "put", "patch", "delete"]
SKIPPED = {("get", "/analytics/stream")}


@pytest.fixture
async def world(session, customer, admin) -> dict[str, int]:
    """Ids of things that exist, so requests get past "not found" into the code behind."""
    product = await create_product(session, stock=1000)
    review = Review(product_id=product.id, user_id=customer.id, rating=4)
    session.add(review)
    order = await create_order(session, customer, (product, 1))
    await session.flush()
    return {
        "product_id": product.id,
        "review_id": review.id,
        "order_id": order.id,
        "user_id": customer.id,
    }


class Walker:
    def __init__(
        self, client: httpx.AsyncClient, schema: dict[str, Any], headers: dict[str, str]
    ) -> None:
        self.client = client
        self.schema = schema
        self.headers = headers
        self.codes = set(
            schema["components"]["schemas"]["ErrorResponse"]["properties"]["code"]["enum"]
        )
        self.sent = 0

    def operations(self) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """Reads first and deletions last, so fewer requests end at a deleted thing."""
        found = [
            (method, path, operation)
            for path, item in self.schema["paths"].items()
            for method, operation in item.items()
            if (method, path) not in SKIPPED
        ]
        yield from sorted(found, key=lambda found: METHOD_ORDER.index(found[0]))

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            schema = self.schema["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
        return schema

    def options(self, schema: dict[str, Any]) -> list[dict[str, Any]]:
        """What a value of `schema` may be, `null` aside."""
        schema = self.resolve(schema)
        found = [self.resolve(option) for option in schema.get("anyOf", [schema])]
        return [option for option in found if option.get("type") != "null"]

    def hostile_for(self, schema: dict[str, Any]) -> list[Any]:
        """Hostile values for each type a parameter or field may have, and the wrong types."""
        values = list(HOSTILE_ANYWHERE)
        for option in self.options(schema):
            kind, form = option.get("type"), option.get("format")
            if "enum" in option:
                values += ["not-one-of-them", ""]
            elif kind in ("integer", "number"):
                values += HOSTILE_NUMBERS
            elif form in ("date", "date-time"):
                values += HOSTILE_DATES
            elif kind == "string":
                values += HOSTILE_TEXT
            elif kind == "boolean":
                values += ["maybe", 2]
        return list({repr(value): value for value in values}.values())

    def example(self, schema: dict[str, Any]) -> Any:
        """A plausible valid value for `schema`, so other fields can be varied one at a time."""
        schema = self.resolve(schema)
        options = [o for o in schema.get("anyOf", []) if o.get("type") != "null"]
        if options:
            return self.example(options[0])
        if "enum" in schema:
            return schema["enum"][0]
        kind = schema.get("type")
        if kind == "object":
            properties = schema.get("properties", {})
            return {name: self.example(prop) for name, prop in properties.items()}
        if kind == "array":
            return [self.example(schema["items"])] * max(1, schema.get("minItems", 1))
        return self.scalar(schema)

    @staticmethod
    def scalar(schema: dict[str, Any]) -> Any:
        kind = schema.get("type")
        if kind == "integer":
            return max(1, schema.get("minimum", 1))
        if kind in ("number", "boolean"):
            return {"number": 1, "boolean": True}[kind]
        if schema.get("format") == "email":
            return "fuzz@example.com"
        return "f" * max(8, schema.get("minLength", 0))

    async def send(
        self,
        method: str,
        path: str,
        operation: dict[str, Any],
        *,
        params: dict[str, Any],
        json_body: Any = None,
        raw: tuple[str, bytes] | None = None,
        form: dict[str, Any] | None = None,
        files: dict[str, Any] | None = None,
        sent_nul: bool = False,
    ) -> None:
        url = path.format(**{name: quote(str(v), safe="") for name, v in params["path"].items()})
        headers = {**self.headers, **{k: str(v) for k, v in params["header"].items()}}
        kwargs: dict[str, Any] = {"params": params["query"], "headers": headers}
        if raw is not None:
            headers["content-type"] = raw[0]
            kwargs["content"] = raw[1]
        elif form is not None:
            kwargs["data"] = form
        elif files is not None:
            kwargs["files"] = files
        elif json_body is not None:
            kwargs["json"] = json_body
        try:
            response = await self.client.request(method, url, **kwargs)
        except (httpx.InvalidURL, httpx.LocalProtocolError, UnicodeEncodeError, ValueError):
            return  # not even sendable over HTTP: nothing a server would ever receive
        self.sent += 1
        self.check(method, path, operation, response, sent_nul=sent_nul)

    def check(
        self,
        method: str,
        path: str,
        operation: dict[str, Any],
        response: httpx.Response,
        *,
        sent_nul: bool,
    ) -> None:
        where = f"{method.upper()} {response.request.url} -> {response.status_code}"
        assert response.status_code < 500, f"{where}: {response.text[:500]}"
        if sent_nul:
            assert response.status_code >= 400, f"{where}: NUL accepted"
        if response.status_code < 400:
            return
        assert str(response.status_code) in operation["responses"], f"{where}: undocumented"
        assert response.headers["content-type"] == "application/json", where
        error = ErrorResponse.model_validate(response.json())
        assert error.code in self.codes, f"{where}: {error.code}"
        assert MARKER not in response.text, f"{where}: echoes the input"

    def variations(
        self, body: dict[str, Any], schema: dict[str, Any]
    ) -> Iterator[tuple[str, Any, dict[str, Any]]]:
        """`body` with one field at a time replaced by each hostile value, the fields of a
        list's first object (an order line) included: (field, value, varied body)."""
        fields = self.resolve(schema)["properties"]
        for field, example in body.items():
            for value in self.hostile_for(fields[field]):
                yield field, value, {**body, field: value}
            if isinstance(example, list) and isinstance(example[0], dict):
                inner_fields = self.resolve(self.options(fields[field])[0]["items"])["properties"]
                for inner in example[0]:
                    for value in self.hostile_for(inner_fields[inner]):
                        yield inner, value, {**body, field: [{**example[0], inner: value}]}

    def baseline(self, operation: dict[str, Any], ids: dict[str, int]) -> dict[str, Any]:
        params: dict[str, dict[str, Any]] = {"path": {}, "query": {}, "header": {}}
        for parameter in operation.get("parameters", []):
            name, place = parameter["name"], parameter["in"]
            if place == "path":
                params["path"][name] = ids.get(name, 1)
            elif parameter.get("required"):
                params[place][name] = self.example(parameter["schema"])
        return params

    async def walk(self, ids: dict[str, int]) -> None:
        for method, path, operation in self.operations():
            baseline = self.baseline(operation, ids)
            await self.send(method, path, operation, params=baseline)
            for parameter in operation.get("parameters", []):
                for value in self.hostile_for(parameter["schema"]):
                    if parameter["in"] == "path" and value in ("", None, [], {}):
                        continue  # an empty segment is another URL, not another id
                    params = {place: dict(values) for place, values in baseline.items()}
                    params[parameter["in"]][parameter["name"]] = value
                    await self.send(
                        method,
                        path,
                        operation,
                        params=params,
                        sent_nul=isinstance(value, str) and "\x00" in value,
                    )
            await self.walk_body(method, path, operation, baseline)

    async def walk_body(
        self, method: str, path: str, operation: dict[str, Any], params: dict[str, Any]
    ) -> None:
        content = operation.get("requestBody", {}).get("content", {})
        for raw in HOSTILE_BODIES:
            if content:
                await self.send(method, path, operation, params=params, raw=raw)
        for media_type, spec in content.items():
            body = self.example(spec["schema"])
            for field, value, varied in self.variations(body, spec["schema"]):
                nul = isinstance(value, str) and "\x00" in value
                if media_type == "application/json":
                    await self.send(
                        method, path, operation, params=params, json_body=varied, sent_nul=nul
                    )
                elif media_type == "multipart/form-data" and isinstance(value, str):
                    upload = {field: ("upload.png", value.encode(), "image/png")}
                    await self.send(method, path, operation, params=params, files=upload)
                elif media_type == "application/x-www-form-urlencoded" and isinstance(
                    value, str | int | float
                ):
                    form = {k: v for k, v in varied.items() if isinstance(v, str | int)}
                    await self.send(method, path, operation, params=params, form=form, sent_nul=nul)


async def test_no_input_gets_a_5xx_or_an_undocumented_error(app, client, admin, world):
    app.state.limiter.enabled = False  # throttling has tests of its own
    walker = Walker(client, app.openapi(), auth_headers(admin))

    await walker.walk(world)

    assert walker.sent > 1500  # every operation was really walked
