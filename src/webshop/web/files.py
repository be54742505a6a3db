"""The build on disk: which file a URL path names, and which of its encodings to send.

The build writes a Brotli (`.br`) and a gzip (`.gz`) sibling next to each text file; the best
one the client accepts is sent, so nothing is compressed while a request waits.
"""

from __future__ import annotations

import mimetypes
import os
from dataclasses import dataclass
from pathlib import Path

INDEX = "index.html"
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))  # best first
PUBLIC_DOT_DIRECTORY = ".well-known"  # RFC 8615; other hidden files are never served
COMPRESSED_SUFFIXES = frozenset(suffix for _, suffix in ENCODINGS)
# The host's mime.types may lack these or name them otherwise (RFC 9239 for JavaScript).
MEDIA_TYPES = {
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".webmanifest": "application/manifest+json",
    ".woff2": "font/woff2",
}


@dataclass(frozen=True)
class Representation:
    """What to send for a file: the file itself or one of its compressed siblings."""

    path: Path
    encoding: str | None  # the Content-Encoding; None for the file as it is
    media_type: str  # the original file's
    varies: bool  # the file has siblings: which one is sent depends on Accept-Encoding
    stat: os.stat_result


class WebUi:
    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.index = self.root / INDEX

    def is_built(self) -> bool:
        return self.index.is_file()

    def find(self, url_path: str) -> Path | None:
        """The file `url_path` names in the build; never a directory, a hidden file, a
        compressed sibling (it is sent for its original) or anything outside the build."""
        parts = url_path.split("/")[1:]
        if not parts or not all(map(_plain_name, parts)):
            return None
        file = self.root.joinpath(*parts)
        try:
            inside = file.resolve().is_relative_to(self.root)  # a symlink may point outside
            if not inside or not file.is_file():
                return None
            if file.suffix in COMPRESSED_SUFFIXES and file.with_suffix("").is_file():
                return None
        except (OSError, ValueError):  # a NUL byte, a name too long
            return None
        return file

    def representation(self, file: Path, accept_encoding: str) -> Representation | None:
        """The best encoding of `file` that `Accept-Encoding: accept_encoding` allows; None if
        the file vanished meanwhile (a build in progress)."""
        weights = encoding_weights(accept_encoding)
        siblings = [(name, file.with_name(file.name + suffix)) for name, suffix in ENCODINGS]
        present = [(name, path) for name, path in siblings if path.is_file()]
        encoding, path = next(
            ((name, path) for name, path in present if accepts(weights, name)), (None, file)
        )
        try:
            stat = path.stat()
        except OSError:
            return None
        return Representation(path, encoding, media_type_of(file), bool(present), stat)


def _plain_name(part: str) -> bool:
    hidden = part.startswith(".") and part != PUBLIC_DOT_DIRECTORY
    return bool(part) and not hidden and "\\" not in part


def media_type_of(file: Path) -> str:
    known = MEDIA_TYPES.get(file.suffix.lower()) or mimetypes.guess_type(file.name)[0]
    return known or "application/octet-stream"


def encoding_weights(header: str) -> dict[str, float]:
    """`Accept-Encoding` as coding -> q (RFC 9110, 12.5.3)."""
    weights: dict[str, float] = {}
    for item in header.split(","):
        coding, _, params = item.partition(";")
        coding = coding.strip().lower()
        if coding:
            weights[coding] = _quality(params)
    if "x-gzip" in weights:
        weights.setdefault("gzip", weights["x-gzip"])
    return weights


def accepts(weights: dict[str, float], coding: str) -> bool:
    """Whether the client takes `coding`: named with q > 0, or covered by `*` with q > 0."""
    return weights.get(coding, weights.get("*", 0.0)) > 0


def _quality(params: str) -> float:
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                return float(value)
            except ValueError:
                return 0.0
    return 1.0
