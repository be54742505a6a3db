import { within } from "@testing-library/react";

import type { Schemas } from "@/lib/api-client";

import { aUser } from "@/testing/data";
import { http } from "@/testing/http";
import { server } from "@/testing/setup-tests";
import { backend, error, requestsTo } from "@/testing/shop-backend";
import { aGate, renderApp, screen } from "@/testing/test-utils";

type CheckResult = Schemas["CheckResult"];
type IntegrityReport = Schemas["IntegrityReport"];

function aCheck(fields: Partial<CheckResult> = {}): CheckResult {
  return {
    name: "order_totals_match_lines",
    description: "Every order's total is the sum of its lines.",
    ok: true,
    finding: null,
    total: 0,
    columns: ["order_id", "expected_total", "actual_total"],
    rows: [],
    seconds: 0.01,
    ...fields,
  };
}

const STOCK_FINDING = aCheck({
  name: "stock_matches_movements",
  description: "Every product's stock is the sum of its stock movements.",
  ok: false,
  finding: "The stock is not the sum of the movements: 250 products.",
  total: 250,
  columns: [
    "product_id",
    "category",
    "expected_stock",
    "actual_stock",
    "price",
    "changed_at",
    "in_stock",
    "note",
  ],
  rows: [
    {
      product_id: 12,
      category: "<b>x</b>",
      expected_stock: 5,
      actual_stock: 8,
      price: "19.99",
      changed_at: "2026-12-01T09:30:00Z",
      in_stock: true,
      note: null,
    },
    {
      product_id: 13,
      category: "Tea",
      expected_stock: 0,
      actual_stock: 1,
      price: "5.50",
      changed_at: "2026-12-01",
      in_stock: false,
      note: "x",
    },
  ],
});

let report: IntegrityReport;

function aReport(checks: CheckResult[], fields: Partial<IntegrityReport> = {}): IntegrityReport {
  return {
    ok: checks.every((check) => check.ok),
    failed: checks.filter((check) => !check.ok).map((check) => check.name),
    checked_at: "2026-12-01T10:00:00Z",
    stuck_after_minutes: 15,
    seconds: 0.4,
    checks,
    ...fields,
  };
}

function openAsAdmin() {
  backend.users.push({ ...aUser({ id: 1, role: "admin", username: "ada" }), password: "x" });
  return renderApp("/admin/integrity", { user: 1 });
}

const runs = () => requestsTo("POST", "/admin/checks");

describe("the integrity page", () => {
  beforeEach(() => {
    report = aReport([
      aCheck(),
      aCheck({ name: "outbox_not_stuck", description: "No event has waited too long." }),
    ]);
    server.use(
      http.post("/admin/checks", ({ query, response }) => {
        const minutes = query.get("stuck_after_minutes");
        return response(200).json(
          minutes ? { ...report, stuck_after_minutes: Number(minutes) } : report,
        );
      }),
    );
  });

  test("runs the checks when opened, saying so, and shows that everything adds up", async () => {
    const gate = aGate();
    server.use(
      http.post("/admin/checks", async () => {
        await gate.wait;
        return undefined;
      }),
    );
    openAsAdmin();

    expect(
      await screen.findByText("Running the checks… On a big shop this can take up to a minute."),
    ).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Running…" })).toBeDisabled();
    gate.open();

    expect(await screen.findByText("Everything adds up")).toBeInTheDocument();
    expect(screen.getByText("Everything adds up").closest("[role=status]")).toHaveTextContent(
      /^✓Everything adds upChecked Dec 1, 2026, 10:00\sAM: 2 checks in under a second\. Outbox events count as stuck after 15 minutes\.$/,
    );
    expect(screen.getByRole("button", { name: "Run checks again" })).toBeEnabled();
    expect(screen.queryByRole("heading", { name: "Problems found" })).not.toBeInTheDocument();
    const passed = screen.getByRole("region", { name: "Passed (2 checks)" });
    expect(
      within(passed)
        .getAllByRole("heading", { level: 3 })
        .map((h) => h.textContent),
    ).toEqual(["Order totals match lines", "Outbox not stuck"]);
    expect(within(passed).getAllByText("Passed", { selector: ".pill" })).toHaveLength(2);
    expect(runs()).toHaveLength(1);
    expect(runs()[0]!.search).toBe("");
    expect(document.title).toBe("Integrity · Admin · Test Shop");
  });

  test("failed checks come first, with their finding and their rows as text", async () => {
    report = aReport([aCheck(), STOCK_FINDING], { seconds: 3.4 });
    openAsAdmin();

    expect(await screen.findByText("1 check found a problem")).toBeInTheDocument();
    expect(screen.getByText(/2 checks in 3 seconds/)).toBeInTheDocument();
    const problems = screen.getByRole("region", { name: "Problems found" });
    const failed = within(problems).getByRole("region", { name: "Stock matches movements" });
    expect(failed).toHaveTextContent("Failed");
    expect(failed).toHaveTextContent("Every product's stock is the sum of its stock movements.");
    expect(failed).toHaveTextContent("The stock is not the sum of the movements: 250 products.");

    const rows = within(failed).getByRole("table", { name: "Showing the first 2 of 250 rows" });
    expect(
      within(rows)
        .getAllByRole("columnheader")
        .map((cell) => cell.textContent),
    ).toEqual([
      "product id",
      "category",
      "expected stock",
      "actual stock",
      "price",
      "changed at",
      "in stock",
      "note",
    ]);
    const [, first, second] = within(rows).getAllByRole("row");
    expect(first).toHaveTextContent(/^12<b>x<\/b>58€19\.99Dec 1, 2026, 9:30\sAMyes—$/);
    expect(first!.querySelector("b")).toBeNull();
    expect(second).toHaveTextContent(/^13Tea01€5\.502026-12-01nox$/);
    expect(within(first!).getByRole("link", { name: "12" })).toHaveAttribute(
      "href",
      "/admin/products/12",
    );
    // The table scrolls on its own: the keyboard reaches it.
    expect(
      screen.getByRole("region", { name: "Rows breaking the rule: Stock matches movements" }),
    ).toHaveAttribute("tabindex", "0");

    const order = screen.getAllByRole("heading", { level: 3 }).map((h) => h.textContent);
    expect(order).toEqual(["Stock matches movements", "Order totals match lines"]);
  });

  test("several failures are counted; a finding of every row says how many", async () => {
    report = aReport([
      { ...STOCK_FINDING, total: 2 },
      aCheck({
        ok: false,
        finding: "The order totals differ: 1 order.",
        total: 1,
        rows: [{ order_id: 41, expected_total: "20.00", actual_total: "21.00" }],
      }),
    ]);
    openAsAdmin();

    expect(await screen.findByText("2 checks found problems")).toBeInTheDocument();
    expect(screen.getByRole("table", { name: "2 rows" })).toBeInTheDocument();
    const orders = screen.getByRole("table", { name: "1 row" });
    expect(within(orders).getByRole("link", { name: "41" })).toHaveAttribute(
      "href",
      "/admin/orders/41",
    );
    expect(orders).toHaveTextContent("€20.00€21.00");
  });

  test("run again with another threshold for stuck events; the last report stays meanwhile", async () => {
    const { user } = openAsAdmin();
    await screen.findByText("Everything adds up");
    const minutes = screen.getByRole("spinbutton", {
      name: "Outbox events count as stuck after (minutes)",
    });
    expect(minutes).toHaveValue(15);

    const gate = aGate();
    server.use(
      http.post("/admin/checks", async () => {
        await gate.wait;
        return undefined;
      }),
    );
    await user.clear(minutes);
    await user.type(minutes, "60");
    await user.click(screen.getByRole("button", { name: "Run checks again" }));

    expect(screen.getByRole("button", { name: "Running…" })).toBeDisabled();
    expect(screen.getByText("Everything adds up").closest("[aria-busy]")).toHaveAttribute(
      "aria-busy",
      "true",
    );
    gate.open();
    expect(await screen.findByText(/stuck after 60 minutes/)).toBeInTheDocument();
    expect(runs().at(-1)!.search).toBe("?stuck_after_minutes=60");
    expect(screen.getByRole("button", { name: "Run checks again" })).toBeEnabled();

    // An emptied field runs with the shop's own setting.
    await user.clear(minutes);
    await user.click(screen.getByRole("button", { name: "Run checks again" }));
    expect(await screen.findByText(/stuck after 15 minutes/)).toBeInTheDocument();
    expect(runs().at(-1)!.search).toBe("");
  });

  test("a threshold the API would refuse is pointed out, and nothing is run", async () => {
    const { user } = openAsAdmin();
    await screen.findByText("Everything adds up");
    const minutes = screen.getByRole("spinbutton", {
      name: "Outbox events count as stuck after (minutes)",
    });

    for (const wrong of ["0", "50000"]) {
      await user.clear(minutes);
      await user.type(minutes, wrong);
      await user.click(screen.getByRole("button", { name: "Run checks again" }));
      expect(minutes).toHaveAttribute("aria-invalid", "true");
      expect(minutes).toHaveAccessibleDescription(
        "Enter a whole number of minutes from 1 to 43,200 (30 days).",
      );
    }
    expect(runs()).toHaveLength(1);
  });

  test("when the checks cannot be run, the API's reason shows and Try again runs them", async () => {
    server.use(
      http.post(
        "/admin/checks",
        () => error(503, "database_unavailable", "The database is not answering"),
        { once: true },
      ),
    );
    const { user } = openAsAdmin();

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("The checks could not be run");
    expect(alert).toHaveTextContent("The database is not answering");
    expect(screen.getByRole("button", { name: "Run checks again" })).toBeEnabled();
    await user.click(within(alert).getByRole("button", { name: "Try again" }));
    expect(await screen.findByText("Everything adds up")).toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    expect(runs()).toHaveLength(2);
  });
});
