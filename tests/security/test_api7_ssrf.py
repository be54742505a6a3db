"""OWASP API7:2023 Server-side request forgery: not applicable, and kept that way.

No operation fetches anything a client names: images are uploaded as files (multipart), never
fetched from a URL, and nothing else the API takes is a URL (the only outgoing connections are
to the database, Redis and Kafka, at addresses from the operator's settings). This test keeps
it so: it fails when an operation starts taking a parameter or field that looks like a URL, so
that whoever adds one adds SSRF tests (an allow-list of hosts, no redirects, no private
addresses) with it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

URL_NAME = re.compile(r"url|uri|href|link|callback|webhook|endpoint|host|redirect", re.I)
URL_FORMATS = {"uri", "url", "iri", "uri-reference", "iri-reference", "hostname"}


def inputs(schema: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Every (operation, name, schema) a client sends: parameters and body properties, nested."""
    components = schema["components"]["schemas"]

    def fields(operation: str, node: Any, seen: frozenset[str]) -> Iterator[tuple[str, str, Any]]:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if ref:
                name = ref.rsplit("/", 1)[1]
                if name not in seen:
                    yield from fields(operation, components[name], seen | {name})
                return
            for name, prop in node.get("properties", {}).items():
                yield operation, name, prop
                yield from fields(operation, prop, seen)
            for key in ("items", "anyOf", "oneOf", "allOf", "additionalProperties"):
                value = node.get(key)
                for part in value if isinstance(value, list) else [value]:
                    yield from fields(operation, part, seen)

    for path, item in schema["paths"].items():
        for method, operation in item.items():
            label = f"{method.upper()} {path}"
            for parameter in operation.get("parameters", []):
                yield label, parameter["name"], parameter.get("schema", {})
            for media in operation.get("requestBody", {}).get("content", {}).values():
                yield from fields(label, media.get("schema", {}), frozenset())


def test_no_operation_takes_a_url(app: Any) -> None:
    found = list(inputs(app.openapi()))
    assert len(found) > 50  # the walk reaches parameters and body fields

    url_like = {
        (operation, name)
        for operation, name, schema in found
        if URL_NAME.search(name) or schema.get("format") in URL_FORMATS
    }

    assert url_like == set()


def test_images_are_uploaded_not_fetched(app: Any) -> None:
    operation = app.openapi()["paths"]["/products/{product_id}/image"]["post"]
    content = operation["requestBody"]["content"]
    assert list(content) == ["multipart/form-data"]
