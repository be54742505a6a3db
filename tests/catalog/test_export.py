"""CSV export: the import's columns, the list's filters, safe in a spreadsheet, and an export
imports back unchanged."""

import codecs
import csv
import io

import pytest

from tests.catalog.test_import import post_csv, product_with
from webshop.catalog import transfer

COLUMNS = ["id", "sku", "name", "description", "price", "stock", "category", "is_active"]


async def export(client, headers, query=""):
    response = await client.get(f"/products/export{query}", headers=headers)
    assert response.status_code == 200, response.text
    return response


def rows_of(response) -> list[dict[str, str]]:
    assert response.content.startswith(codecs.BOM_UTF8)
    text = response.content.decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(text, newline="")))
    assert header == COLUMNS
    return [dict(zip(header, cells, strict=True)) for cells in rows]


async def test_the_export_has_the_import_columns_with_plain_values(client, session, admin_headers):
    lamp = await product_with(
        session, "LAMP-1", name="Lamp", description="Warm, bright\nlight", price="12.5", stock=3
    )
    bare = await product_with(session, name="Bare", price="7", stock=0, category=None)

    response = await export(client, admin_headers)

    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == 'attachment; filename="products.csv"'
    assert rows_of(response) == [
        {
            "id": str(lamp.id),
            "sku": "LAMP-1",
            "name": "Lamp",
            "description": "Warm, bright\nlight",
            "price": "12.50",
            "stock": "3",
            "category": "general",
            "is_active": "true",
        },
        {
            "id": str(bare.id),
            "sku": "",
            "name": "Bare",
            "description": "",
            "price": "7.00",
            "stock": "0",
            "category": "",
            "is_active": "true",
        },
    ]
    assert b"\r\n" in response.content  # the line ending spreadsheets expect


async def test_the_export_takes_the_lists_filters(client, session, admin_headers):
    lamp = await product_with(session, "L-1", name="Desk lamp", stock=2, category="lights")
    await product_with(session, "C-1", name="Chair", stock=20, category="furniture")
    gone = await product_with(session, "G-1", name="Old lamp", stock=0, is_active=False)

    async def ids(query):
        return [int(r["id"]) for r in rows_of(await export(client, admin_headers, query))]

    assert await ids("?q=lamp") == [lamp.id]
    assert await ids("?q=lamp&include_inactive=true") == [lamp.id, gone.id]
    assert await ids("?is_active=false") == [gone.id]
    assert await ids("?category=Lights") == [lamp.id]
    assert await ids("?max_stock=5") == [lamp.id]
    assert len(await ids("")) == 2  # deleted products only when asked for
    assert len(await ids("?include_inactive=true")) == 3
    bad = await client.get("/products/export?max_stock=-1", headers=admin_headers)
    assert bad.status_code == 422


async def test_an_empty_export_is_the_header(client, admin_headers):
    response = await export(client, admin_headers, "?category=none-such")

    assert rows_of(response) == []


async def test_the_export_streams_in_batches_in_id_order(
    client, session, admin_headers, monkeypatch
):
    monkeypatch.setattr(transfer, "EXPORT_BATCH", 2)
    made = [await product_with(session, f"S-{i}", name=f"Product {i}") for i in range(4)]

    response = await export(client, admin_headers)

    assert [int(r["id"]) for r in rows_of(response)] == [p.id for p in made]


@pytest.mark.parametrize(
    ("stored", "written"),
    [
        ('=HYPERLINK("http://evil.example")', '\'=HYPERLINK("http://evil.example")'),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("\rReturn", "'\rReturn"),
        ("'=already", "''=already"),
        ("'tis", "'tis"),
        ("Plain", "Plain"),
    ],
)
async def test_formula_like_text_is_escaped(client, session, admin_headers, stored, written):
    await product_with(session, name=stored, description=stored, category=stored.lower())

    [exported] = rows_of(await export(client, admin_headers))

    assert exported["name"] == exported["description"] == written
    assert exported["category"] == written.lower()


async def test_an_export_imports_back_unchanged(client, session, admin_headers):
    await product_with(session, "A-1", name="=1+1", description="- one\n- two", price="0.50")
    await product_with(session, None, name="Café ünïcødé 🙂", description="'quoted', \"double\"")
    await product_with(session, "B/2.x_y", name="Gone", stock=0, is_active=False, category=None)
    await product_with(session, "C-3", name="'tis", description="\ttabbed", category="@home")

    exported = await export(client, admin_headers, "?include_inactive=true")
    report = await post_csv(client, admin_headers, exported.content)

    assert report.status_code == 200, report.text
    body = report.json()
    assert (body["unchanged"], body["created"], body["updated"], body["refused"]) == (4, 0, 0, 0)
    applied = await post_csv(client, admin_headers, exported.content, dry_run=False)
    assert applied.json()["unchanged"] == 4


async def test_only_administrators_export(client, customer_headers):
    assert (await client.get("/products/export")).status_code == 401
    assert (await client.get("/products/export", headers=customer_headers)).status_code == 403
