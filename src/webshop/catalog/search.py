"""Full-text search over product names and descriptions, ranked, on either database.

SQLite uses the FTS5 table `products_fts` (BM25, the name weighted over the description);
PostgreSQL the generated `search_vector` column (`ts_rank_cd`, name weight A, description B).
Both match every word of the query, the last one as a prefix, so results appear as you type.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import ColumnElement, Select, column, func, literal_column, select, table

from webshop.catalog.models import Product

MAX_TERMS = 8
MAX_TERM_LENGTH = 40
_WORD = re.compile(r"\w+", re.UNICODE)

_fts = table("products_fts", column("rowid"))
_search_vector: ColumnElement[Any] = literal_column("products.search_vector")


def terms_of(query: str) -> list[str]:
    """The words of a user's query; operators and punctuation are never passed to the engine."""
    return [term[:MAX_TERM_LENGTH].lower() for term in _WORD.findall(query)][:MAX_TERMS]


def apply(
    statement: Select[Any], terms: list[str], dialect: str, *, ranked: bool
) -> tuple[Select[Any], ColumnElement[Any] | None]:
    """Restrict `statement` to products matching all `terms`. With `ranked`, also return a rank
    to sort by (ascending: best first); without, the cheaper plain filter."""
    if dialect == "postgresql":
        words = [f"{term}:*" if i == len(terms) - 1 else term for i, term in enumerate(terms)]
        query = func.to_tsquery("english", " & ".join(words))
        matching = statement.where(_search_vector.op("@@")(query))
        return matching, -func.ts_rank_cd(_search_vector, query) if ranked else None
    match = " ".join(
        f'"{term}"*' if i == len(terms) - 1 else f'"{term}"' for i, term in enumerate(terms)
    )
    fts_match = literal_column("products_fts").op("MATCH")(match)
    if not ranked:
        return statement.where(Product.id.in_(select(_fts.c.rowid).where(fts_match))), None
    joined = statement.join(_fts, _fts.c.rowid == Product.id).where(fts_match)
    return joined, func.bm25(literal_column("products_fts"), 10.0, 1.0)
