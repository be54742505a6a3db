"""CSV import: a dry run reports every row; applying writes all rows or none, with stock
movements and events; bad files are refused whole, with a reason."""

import asyncio
import codecs
import csv
import io
import time
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from tests.conftest import make_client
from tests.factories import auth_headers, create_product, create_user
from webshop.catalog import import_apply, import_plan, inventory, transfer
from webshop.catalog.errors import ImportRejected
from webshop.catalog.models import Product, StockMovement, StockReason
from webshop.events.models import OutboxEvent
from webshop.users.models import UserRole

HEADER = ("sku", "name", "description", "price", "stock", "category", "is_active")
FORMULA = "Looks like a spreadsheet formula"


def csv_bytes(*rows, header=HEADER) -> bytes:
    output = io.StringIO()
    csv.writer(output).writerows([header, *rows])
    return output.getvalue().encode()


def row(sku="", name="Lamp", description="", price="9.99", stock="10", category="", active="true"):
    return (sku, name, description, price, stock, category, active)


async def post_csv(client, headers, data: bytes, *, dry_run=True):
    return await client.post(
        f"/products/import?dry_run={str(dry_run).lower()}",
        files={"file": ("products.csv", data, "text/csv")},
        headers=headers,
    )


async def product_with(session, sku=None, **fields):
    product = await create_product(session, **fields)
    product.sku = sku
    await session.flush()
    return product


async def fresh(session, product_id):
    return (
        await session.execute(
            select(Product)
            .where(Product.id == product_id)
            .execution_options(populate_existing=True)
        )
    ).scalar_one()


async def import_movements(session):
    return (
        await session.execute(
            select(StockMovement.product_id, StockMovement.delta, StockMovement.stock_after)
            .where(StockMovement.reason == StockReason.IMPORT)
            .order_by(StockMovement.product_id)
        )
    ).all()


@pytest.fixture
async def shop(session):
    """A lamp to update, a chair that stays as it is."""
    lamp = await product_with(session, "LAMP-1", name="Lamp", price="20.00", stock=5)
    chair = await product_with(session, "CHAIR-1", name="Chair", price="45.50", stock=3)
    return lamp, chair


def shop_file(lamp, chair, *extra):
    return csv_bytes(
        row("lamp-1", "Desk lamp", "", "19.50", "8", "general"),
        row("CHAIR-1", "Chair", "", "45.5", "3", "general"),
        row("STOOL-1", "Stool", "Three legs", "12.00", "4", "Furniture"),
        *extra,
    )


async def test_a_dry_run_reports_every_row_and_changes_nothing(
    client, session, admin_headers, shop, count_rows
):
    lamp, chair = shop
    data = shop_file(lamp, chair, row("BAD-1", price="cheap"), row(name="", stock="-1"))

    response = await post_csv(client, admin_headers, data)

    assert response.status_code == 200, response.text
    report = response.json()
    assert {k: report[k] for k in ("dry_run", "applied", "created", "updated", "unchanged")} == {
        "dry_run": True,
        "applied": False,
        "created": 1,
        "updated": 1,
        "unchanged": 1,
    }
    assert report["refused"] == 2
    lines = [(r["line"], r["sku"], r["product_id"], r["action"]) for r in report["rows"]]
    assert lines == [
        (2, "lamp-1", lamp.id, "update"),
        (3, "CHAIR-1", chair.id, "unchanged"),
        (4, "STOOL-1", None, "create"),
        (5, "BAD-1", None, "refuse"),
        (6, None, None, "refuse"),
    ]
    rows = report["rows"]
    assert rows[0]["changes"] == ["sku", "name", "price", "stock"]
    assert rows[0]["problems"] == rows[1]["changes"] == []
    assert rows[2]["changes"] == list(HEADER)
    assert [p["field"] for p in rows[3]["problems"]] == ["price"]
    assert "like 12.50" in rows[3]["problems"][0]["message"]
    assert rows[4]["problems"] == [
        {"field": "name", "message": "A value is required"},
        {"field": "stock", "message": "Must be a whole number from 0 to 1,000,000"},
    ]
    assert (await fresh(session, lamp.id)).price == Decimal("20.00")
    assert await count_rows("products") == 2
    assert await count_rows("stock_movements") == 0
    assert await count_rows("outbox") == 0


async def test_applying_writes_rows_movements_and_events(
    client, session, admin, admin_headers, shop, count_rows
):
    lamp, chair = shop

    response = await post_csv(client, admin_headers, shop_file(lamp, chair), dry_run=False)

    assert response.status_code == 200, response.text
    report = response.json()
    assert (report["dry_run"], report["applied"]) == (False, True)
    assert (report["created"], report["updated"], report["unchanged"], report["refused"]) == (
        1,
        1,
        1,
        0,
    )
    stool_id = report["rows"][2]["product_id"]
    assert stool_id is not None
    lamp = await fresh(session, lamp.id)
    assert (lamp.sku, lamp.name, lamp.price, lamp.stock) == (
        "lamp-1",
        "Desk lamp",
        Decimal("19.50"),
        8,
    )
    stool = await fresh(session, stool_id)
    assert (stool.sku, stool.name, stool.description, stool.price) == (
        "STOOL-1",
        "Stool",
        "Three legs",
        Decimal("12.00"),
    )
    assert (stool.stock, stool.category, stool.is_active) == (4, "furniture", True)
    assert await import_movements(session) == sorted([(lamp.id, 3, 8), (stool_id, 4, 4)])
    actors = await session.scalars(select(StockMovement.actor_id).distinct())
    assert actors.all() == [admin.id]
    events = (await session.scalars(select(OutboxEvent).order_by(OutboxEvent.id))).all()
    assert sorted((e.event_type, e.key) for e in events) == sorted(
        [("product_updated", str(lamp.id)), ("product_created", str(stool_id))]
    )
    updated = next(e for e in events if e.event_type == "product_updated")
    assert updated.data == {
        "product_id": lamp.id,
        "product_name": "Desk lamp",
        "price": "19.50",
        "category": "general",
        "changed": ["name", "price", "sku", "stock"],
    }
    assert {e.user_id for e in events} == {admin.id}
    detail = (await client.get(f"/products/{stool_id}")).json()
    assert (detail["sku"], detail["stock"], detail["price"]) == ("STOOL-1", 4, "12.00")
    history = await client.get(f"/products/{lamp.id}/stock-history", headers=admin_headers)
    assert [(m["reason"], m["delta"], m["stock_after"]) for m in history.json()] == [
        ("import", 3, 8)
    ]


async def test_one_refused_row_applies_nothing(client, session, admin_headers, shop, count_rows):
    lamp, chair = shop
    data = shop_file(lamp, chair, row("BAD-1", price="0"), row("=cmd|' /C calc'!A0"))

    response = await post_csv(client, admin_headers, data, dry_run=False)

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "import_rejected"
    assert body["detail"] == "2 of 5 rows were refused; nothing was imported"
    assert [(r["row"], r["product_id"], r["field"]) for r in body["rows"]] == [
        (5, None, "price"),
        (6, None, "sku"),
    ]
    assert body["rows"][1]["message"].startswith(FORMULA)
    assert (await fresh(session, lamp.id)).name == "Lamp"
    assert await count_rows("products") == 2
    assert await count_rows("stock_movements") == 0
    assert await count_rows("outbox") == 0


async def test_the_dry_run_is_the_default(client, admin_headers, count_rows):
    response = await client.post(
        "/products/import",
        files={"file": ("p.csv", csv_bytes(row("NEW-1")), "text/csv")},
        headers=admin_headers,
    )

    assert response.status_code == 200
    assert response.json()["dry_run"] is True
    assert await count_rows("products") == 0


async def test_rows_with_an_id_update_that_product_even_a_deleted_one(
    client, session, admin_headers
):
    gone = await product_with(session, "OLD-1", name="Old", price="5.00", stock=0, is_active=False)
    other = await product_with(session, "TAKEN-1", name="Other", price="5.00")
    rows = [
        (str(gone.id), *row("NEW-1", "Old", price="5.00", stock="2", category="general")),
        (str(other.id), *row("", "Other", price="5.00", category="general")),
        (" ", *row("FRESH-1", "Fresh")),
    ]
    header = ("id", *HEADER)
    ghost = ("999999", *row("GHOST-1"))

    dry = await post_csv(client, admin_headers, csv_bytes(*rows, ghost, header=header))
    applied = await post_csv(client, admin_headers, csv_bytes(*rows, header=header), dry_run=False)

    report = dry.json()["rows"]
    assert [(r["product_id"], r["action"], r["changes"]) for r in report] == [
        (gone.id, "update", ["sku", "stock", "is_active"]),
        (other.id, "update", ["sku"]),
        (None, "create", ["sku", "name", "price", "stock", "is_active"]),
        (999999, "refuse", []),
    ]
    assert report[3]["problems"] == [{"field": "id", "message": "There is no product 999999"}]
    assert applied.status_code == 200, applied.text
    gone, other = await fresh(session, gone.id), await fresh(session, other.id)
    assert (gone.sku, gone.stock, gone.is_active) == ("NEW-1", 2, True)
    assert other.sku is None


async def test_a_sku_of_another_product_is_refused_unless_that_one_gives_it_up(
    client, session, admin_headers
):
    first = await product_with(session, "A-1", name="First", price="1.00", category=None)
    second = await product_with(session, "B-1", name="Second", price="1.00", category=None)
    header = ("id", *HEADER)
    takes = csv_bytes((str(first.id), *row("b-1", "First", price="1.00")), header=header)
    swaps = csv_bytes(
        (str(first.id), *row("B-1", "First", price="1.00")),
        (str(second.id), *row("A-1", "Second", price="1.00")),
        header=header,
    )

    refused = (await post_csv(client, admin_headers, takes)).json()["rows"]
    swapped = await post_csv(client, admin_headers, swaps, dry_run=False)

    assert refused[0]["problems"] == [
        {"field": "sku", "message": f"SKU b-1 belongs to product {second.id}"}
    ]
    assert swapped.status_code == 200, swapped.text
    assert [r["changes"] for r in swapped.json()["rows"]] == [["sku"], ["sku"]]
    assert (await fresh(session, first.id)).sku == "B-1"
    assert (await fresh(session, second.id)).sku == "A-1"


async def test_a_product_or_sku_twice_in_a_file_refuses_the_later_rows(
    client, session, admin_headers, shop
):
    lamp, _ = shop
    header = ("id", *HEADER)
    data = csv_bytes(
        ("", *row("NEW-9")),
        ("", *row("new-9")),
        (str(lamp.id), *row("LAMP-1")),
        (str(lamp.id), *row("LAMP-1")),
        ("", *row("Lamp-1")),
        header=header,
    )

    rows = (await post_csv(client, admin_headers, data)).json()["rows"]

    assert [r["action"] for r in rows] == ["create", "refuse", "update", "refuse", "refuse"]
    assert [rows[i]["problems"] for i in (1, 3, 4)] == [
        [{"field": "sku", "message": "SKU new-9 is also in line 2"}],
        [{"field": "id", "message": f"Product {lamp.id} is also in line 4"}],
        [{"field": "sku", "message": f"Product {lamp.id} is also in line 4"}],
    ]


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("price", "0", "Must be a price above 0"),
        ("price", "12.345", "at most 2 decimals"),
        ("price", "1000000", "below 1,000,000"),
        ("price", "12,50", "like 12.50"),
        ("price", "", "A value is required"),
        ("stock", "1.5", "Must be a whole number from 0 to 1,000,000"),
        ("stock", "1000001", "Must be a whole number"),
        ("stock", "-1", "Must be a whole number"),
        ("is_active", "maybe", "Must be true or false"),
        ("is_active", "", "A value is required"),
        ("name", "   ", "A value is required"),
        ("name", "x" * 201, "at most 200 characters"),
        ("sku", "has space", "letters, digits and . _ / -"),
        ("sku", "x" * 65, "at most 64"),
        ("category", "x" * 101, "at most 100 characters"),
        ("description", "x" * 10_001, "at most 10000 characters"),
        ("id", "abc", "Must be a product's id"),
        ("id", "0", "Must be a product's id"),
        ("id", str(2**31), "Must be a product's id"),
    ],
)
async def test_cells_follow_the_apis_rules(client, admin_headers, column, value, message):
    cells = dict(zip(("id", *HEADER), ("", *row("OK-1")), strict=True)) | {column: value}

    response = await post_csv(client, admin_headers, csv_bytes(cells.values(), header=cells))

    [reported] = response.json()["rows"]
    assert reported["action"] == "refuse"
    assert [p["field"] for p in reported["problems"]] == [column]
    assert message in reported["problems"][0]["message"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("true", True), ("YES", True), ("1", True), ("False", False), ("no", False), ("0", False)],
)
async def test_is_active_takes_the_usual_spellings(client, admin_headers, value, expected):
    response = await post_csv(client, admin_headers, csv_bytes(row(active=value)), dry_run=False)

    product_id = response.json()["rows"][0]["product_id"]
    detail = await client.get(f"/products/{product_id}", headers=admin_headers)
    assert detail.json()["is_active"] is expected


async def test_empty_optional_cells_mean_no_sku_no_category_no_description(
    client, session, admin_headers
):
    response = await post_csv(client, admin_headers, csv_bytes(row()), dry_run=False)

    product = await fresh(session, response.json()["rows"][0]["product_id"])
    assert (product.sku, product.category, product.description) == (None, None, "")
    assert await import_movements(session) == [(product.id, 10, 10)]


async def test_a_new_product_without_stock_has_no_movement(client, session, admin_headers):
    response = await post_csv(client, admin_headers, csv_bytes(row(stock="0")), dry_run=False)

    assert response.json()["created"] == 1
    assert await import_movements(session) == []


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("name", '=HYPERLINK("http://evil.example")'),
        ("name", "+1+2"),
        ("name", "-2+3"),
        ("name", "@SUM(A1)"),
        ("name", "\tTabbed"),
        ("description", "\rReturn"),
        ("description", "- a bullet"),
        ("category", "=1"),
        ("sku", "-X"),
        ("price", "=1"),
        ("stock", "=A1"),
        ("is_active", "=TRUE()"),
    ],
)
async def test_formula_cells_are_refused(client, admin_headers, column, value):
    cells = dict(zip(HEADER, row("OK-1"), strict=True)) | {column: value}

    response = await post_csv(client, admin_headers, csv_bytes(cells.values()))

    [reported] = response.json()["rows"]
    assert reported["action"] == "refuse"
    assert [p["field"] for p in reported["problems"]] == [column]
    assert reported["problems"][0]["message"].startswith(FORMULA)


async def test_an_apostrophe_imports_a_formula_like_cell_as_text(client, session, admin_headers):
    data = csv_bytes(
        row(name="'=1+1", description="'- a bullet", category="'@home"),
        row(name="'tis the season", description="''=x"),
    )

    response = await post_csv(client, admin_headers, data, dry_run=False)

    assert response.status_code == 200, response.text
    first, second = [await fresh(session, r["product_id"]) for r in response.json()["rows"]]
    assert (first.name, first.description, first.category) == ("=1+1", "- a bullet", "@home")
    assert (second.name, second.description) == ("'tis the season", "'=x")


async def test_lines_count_quoted_line_breaks_and_skip_blank_rows(client, admin_headers):
    data = (
        b"sku,name,description,price,stock,category,is_active\r\n"
        b'A-1,Lamp,"one\r\ntwo\nthree",9.99,1,,true\r\n'
        b"\r\n"
        b",,,,,,\r\n"
        b"B-1,Chair,,9.99,1,,true\r\n"
        b"C-1,Stool,,cheap,1,,true"
    )

    rows = (await post_csv(client, admin_headers, data)).json()["rows"]

    assert [(r["line"], r["sku"], r["action"]) for r in rows] == [
        (2, "A-1", "create"),
        (7, "B-1", "create"),
        (8, "C-1", "refuse"),
    ]


async def test_header_names_ignore_case_order_and_spaces_and_a_bom(client, admin_headers):
    header = (" Price", "NAME", "is_Active ", "stock", "Sku", "category", "description")
    data = codecs.BOM_UTF8 + csv_bytes(("9.99", "Lamp", "yes", "1", "A-1", "", ""), header=header)

    response = await post_csv(client, admin_headers, data)

    assert response.status_code == 200, response.text
    assert response.json()["rows"][0]["action"] == "create"


async def test_a_spreadsheets_empty_trailing_columns_are_ignored(client, admin_headers):
    data = csv_bytes((*row("A-1"), "", ""), (*row("B-1"), " "), header=(*HEADER, "", ""))

    rows = (await post_csv(client, admin_headers, data)).json()["rows"]

    assert [r["action"] for r in rows] == ["create", "create"]


async def test_a_semicolon_separated_file_is_read_too(client, admin_headers):
    data = "sku;name;description;price;stock;category;is_active\nA-1;Lamp;Bright, warm;9.99;1;;1"

    response = await post_csv(client, admin_headers, data.encode())

    assert response.json()["rows"][0]["action"] == "create"


VALID = csv_bytes(row("A-1"))


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        (b"", "The file is empty"),
        (codecs.BOM_UTF8 + b" \r\n", "The file is empty"),
        (VALID.decode().replace("Lamp", "Caf\u00e9").encode("latin-1"), "not UTF-8 (line 2"),
        (VALID.decode().encode("utf-16"), "UTF-16"),
        (VALID.decode().encode("utf-16-le"), "UTF-16"),
        (VALID.replace(b"Lamp", b"La\x00mp"), "Line 2 contains a NUL byte"),
        (csv_bytes(), "no product rows"),
        (
            csv_bytes(("Lamp", "", ""), header=("name", "sku", "description")),
            'Missing columns "price", "stock", "category", "is_active"',
        ),
        (csv_bytes((*row(), "red"), header=(*HEADER, "colour")), 'Unknown column "colour"'),
        (csv_bytes((*row(), "x"), header=(*HEADER, "Name")), 'Repeated column "name"'),
        (
            csv_bytes((*row(), "x"), header=(*HEADER[:3], " ", *HEADER[3:])),
            "Column 4 of the header has no name",
        ),
        (
            csv_bytes(row(), row()[:6], (*row(), "extra"), row()[:2]),
            "but line 3 has 6, line 4 has 8, line 5 has 2 cells",
        ),
        (VALID + b'A-2,"Lamp"x,,9.99,1,,true\r\n', "Line 3 is not valid CSV"),
        (VALID + b'A-2,"Lamp,,9.99,1,,true\r\n', "Line 3 is not valid CSV"),
    ],
)
async def test_bad_files_are_refused_whole(client, admin_headers, count_rows, data, detail):
    response = await post_csv(client, admin_headers, data, dry_run=False)

    assert response.status_code == 422, response.text
    assert response.json()["code"] == "invalid_import_file"
    assert detail in response.json()["detail"]
    assert await count_rows("products") == 0


async def test_a_file_may_have_50000_rows_and_no_more(client, admin_headers):
    many = csv_bytes(*[row(stock="x")] * 50_001)

    response = await post_csv(client, admin_headers, many)

    assert response.status_code == 422
    assert "more than 50,000 rows" in response.json()["detail"]


async def test_a_file_over_20_mb_is_refused(client, admin_headers):
    data = csv_bytes(row()) + b" " * transfer.MAX_IMPORT_BYTES

    response = await post_csv(client, admin_headers, data)

    assert response.status_code == 413
    assert response.json() == {
        "detail": "The file may be at most 20 MB",
        "code": "import_too_large",
    }


async def test_a_50_mb_upload_is_refused_before_it_is_read(client, admin_headers):
    declared = 50 * 1024 * 1024
    sent = 0

    async def body():
        nonlocal sent
        for _ in range(50):
            sent += 1
            yield b"x" * (1024 * 1024)

    started = time.monotonic()
    response = await client.post(
        "/products/import",
        content=body(),
        headers={
            **admin_headers,
            "Content-Type": "multipart/form-data; boundary=x",
            "Content-Length": str(declared),
        },
    )

    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"
    assert sent <= 1
    assert time.monotonic() - started < 2


async def test_only_administrators_import(client, customer_headers, count_rows):
    anonymous = await post_csv(client, {}, VALID, dry_run=False)
    customer = await post_csv(client, customer_headers, VALID, dry_run=False)

    assert anonymous.status_code == 401
    assert customer.status_code == 403
    assert await count_rows("products") == 0


async def test_hundreds_of_rows_update_in_one_go(client, session, admin_headers, monkeypatch):
    monkeypatch.setattr(import_plan, "CHUNK", 40)  # many IN lists, as 10,000 rows make
    rows = [row(f"SKU-{i}", f"Product {i}", price="1.00", stock=str(i)) for i in range(300)]
    created = await post_csv(client, admin_headers, csv_bytes(*rows), dry_run=False)
    restocked = [(*r[:4], str(int(r[4]) + 5), *r[5:]) for r in rows]
    renamed = [
        (r[0].lower(), r[1] + "!", *r[2:]) if i % 3 == 0 else r for i, r in enumerate(restocked)
    ]

    updated = await post_csv(client, admin_headers, csv_bytes(*renamed), dry_run=False)

    assert created.json()["created"] == 300
    assert updated.status_code == 200, updated.text
    assert updated.json()["updated"] == 300
    total = select(func.sum(Product.stock))
    assert await session.scalar(total) == sum(range(300)) + 5 * 300
    renamed_count = select(func.count()).where(Product.name.like("%!"))
    assert await session.scalar(renamed_count) == 100
    movements = await session.scalar(
        select(func.count()).where(StockMovement.reason == StockReason.IMPORT)
    )
    assert movements == 299 + 300  # a new product with no stock has no movement
    events = select(OutboxEvent.event_type, func.count()).group_by(OutboxEvent.event_type)
    assert dict((await session.execute(events)).all()) == {
        "product_created": 300,
        "product_updated": 300,
    }


async def test_stock_moved_after_planning_imports_nothing(session, admin):
    """The plan's rows are locked, so nothing should move them; if something did, the write
    notices, never leaves less than zero, and refuses the import."""
    product = await product_with(session, "A-1", name="Lamp", price="9.99", stock=5)
    checked = transfer._read(csv_bytes(row("A-1", "Lamp", stock="2", category="general")))
    planned = await import_plan.plan(session, checked, lock=True)
    await inventory.apply_movement(
        session, product_id=product.id, delta=-4, reason=StockReason.SALE
    )

    with pytest.raises(ImportRejected) as raised:
        await import_apply.apply(session, planned, actor_id=admin.id)

    assert raised.value.rows == [
        {
            "row": 2,
            "product_id": product.id,
            "field": "stock",
            "message": "The stock changed while importing (it is 1 now); import the file again",
        }
    ]
    assert (await fresh(session, product.id)).stock == 1


async def test_a_sku_taken_after_planning_imports_nothing(session, admin):
    checked = transfer._read(csv_bytes(row("NEW-1")))
    planned = await import_plan.plan(session, checked, lock=True)
    await product_with(session, "new-1")  # another administrator, just then

    with pytest.raises(ImportRejected) as raised:
        await import_apply.apply(session, planned, actor_id=admin.id)
    await session.rollback()

    assert raised.value.rows == []
    assert raised.value.detail.endswith("nothing was imported")


async def test_an_import_racing_sales_keeps_stock_and_movements_consistent(committed_app):
    async with committed_app.state.sessionmaker() as session:
        admin = await create_user(session, role=UserRole.ADMIN)
        product = await product_with(session, "RACE-1", name="Race", price="9.99", stock=5)
        await session.commit()
    headers = auth_headers(admin)
    data = csv_bytes(row("RACE-1", "Race", stock="8", category="general"))  # never 8 before

    async with make_client(committed_app) as client:
        imported, *sales = await asyncio.gather(
            post_csv(client, headers, data, dry_run=False),
            *(
                client.post(
                    f"/products/{product.id}/stock",
                    json={"delta": -1, "reason": "adjustment"},
                    headers=headers,
                )
                for _ in range(6)
            ),
        )

    assert imported.status_code == 200, imported.text
    assert {sale.status_code for sale in sales} <= {201, 409}
    async with committed_app.state.sessionmaker() as session:
        stock = await session.scalar(select(Product.stock).where(Product.id == product.id))
        movements = (
            await session.execute(
                select(StockMovement.reason, StockMovement.delta, StockMovement.stock_after)
                .where(StockMovement.product_id == product.id)
                .order_by(StockMovement.id)
            )
        ).all()
    assert stock >= 0
    assert stock == 5 + sum(delta for _, delta, _ in movements)
    assert all(after >= 0 for _, _, after in movements)
    assert [after for reason, _, after in movements if reason == "import"] == [8]
    assert len(movements) == 1 + sum(sale.status_code == 201 for sale in sales)
