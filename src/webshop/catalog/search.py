"""Full-text search over product names and descriptions, ranked, on either database, and the
exact SKU look-up that lets an administrator type a SKU into the same box.

SQLite uses the FTS5 table `products_fts` (BM25, the name weighted over the description);
PostgreSQL the generated `search_vector` column (`ts_rank_cd`, name weight A, description B).
Both match every word of the query, the last one as a prefix, so results appear as you type.
A product whose SKU is the whole query (ignoring case, found by the `lower(sku)` index) matches
as well, and ranks first.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    case,
    column,
    func,
    literal_column,
    null,
    or_,
    select,
    table,
    union_all,
)

from webshop.catalog.models import Product
from webshop.catalog.schemas import SKU_PATTERN

MAX_TERMS = 8
MAX_TERM_LENGTH = 40
MAX_SKU_LENGTH = 64
_WORD = re.compile(r"\w+", re.UNICODE)
_SKU = re.compile(SKU_PATTERN)

_fts = table("products_fts", column("rowid"))
_search_vector: ColumnElement[Any] = literal_column("products.search_vector")


def terms_of(query: str) -> list[str]:
    """The words of a user's query; operators and punctuation are never passed to the engine."""
    return [term[:MAX_TERM_LENGTH].lower() for term in _WORD.findall(query)][:MAX_TERMS]


def sku_of(query: str) -> str | None:
    """The query as the SKU index holds it (lower case), or None when no SKU looks like it."""
    candidate = query.strip()
    if len(candidate) > MAX_SKU_LENGTH or not _SKU.match(candidate):
        return None
    return candidate.lower()


def apply(
    statement: Select[Any], query: str, dialect: str, *, ranked: bool
) -> tuple[Select[Any], tuple[ColumnElement[Any], ...]]:
    """Restrict `statement` to products matching every word of `query`, or having it as their
    SKU. With `ranked`, also return what to order by (ascending, best first: the SKU match,
    then the text rank). Without, the plain filter and nothing to order by: the cheaper
    statement, and the one to count a ranked search with."""
    terms, sku = terms_of(query), sku_of(query)
    by_sku = None if sku is None else func.lower(Product.sku) == sku
    search = _on_postgresql if dialect == "postgresql" else _on_sqlite
    return search(statement, terms, by_sku, ranked=ranked)


def _on_postgresql(
    statement: Select[Any],
    terms: list[str],
    by_sku: ColumnElement[bool] | None,
    *,
    ranked: bool,
) -> tuple[Select[Any], tuple[ColumnElement[Any], ...]]:
    words = [f"{term}:*" if i == len(terms) - 1 else term for i, term in enumerate(terms)]
    tsquery = func.to_tsquery("english", " & ".join(words))
    by_text = _search_vector.op("@@")(tsquery)
    matching = statement.where(by_text if by_sku is None else or_(by_text, by_sku))
    if not ranked:
        return matching, ()
    text_rank = -func.ts_rank_cd(_search_vector, tsquery)
    return matching, (text_rank,) if by_sku is None else (_first_if(by_sku), text_rank)


def _on_sqlite(
    statement: Select[Any],
    terms: list[str],
    by_sku: ColumnElement[bool] | None,
    *,
    ranked: bool,
) -> tuple[Select[Any], tuple[ColumnElement[Any], ...]]:
    match = " ".join(
        f'"{term}"*' if i == len(terms) - 1 else f'"{term}"' for i, term in enumerate(terms)
    )
    fts_match = literal_column("products_fts").op("MATCH")(match)
    bm25 = func.bm25(literal_column("products_fts"), 10.0, 1.0)
    text_ids = select(_fts.c.rowid).where(fts_match)
    if by_sku is None:
        if not ranked:
            return statement.where(Product.id.in_(text_ids)), ()
        return statement.join(_fts, _fts.c.rowid == Product.id).where(fts_match), (bm25,)

    sku_ids = select(Product.id).where(by_sku).correlate(None)
    if not ranked:
        return statement.where(Product.id.in_(union_all(text_ids, sku_ids))), ()
    # bm25() works only in the query that MATCHes, and an OR across an outer join would scan
    # every product; so the matches are gathered first, the SKU's product (which ranks first
    # anyway) without a text rank, and joined to the catalog by id.
    matches = union_all(
        select(_fts.c.rowid.label("product_id"), bm25.label("rank")).where(
            fts_match, _fts.c.rowid.not_in(sku_ids)
        ),
        select(Product.id.label("product_id"), null().label("rank")).where(by_sku).correlate(None),
    ).subquery("matches")
    joined = statement.join(matches, matches.c.product_id == Product.id)
    return joined, (_first_if(by_sku), matches.c.rank)


def _first_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return case((condition, 0), else_=1)
