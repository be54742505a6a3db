import { fireEvent, waitFor, within } from "@testing-library/react";

import { anOrder, aUser } from "@/testing/data";
import { http } from "@/testing/http";
import { server } from "@/testing/setup-tests";
import { backend, error, requestsTo } from "@/testing/shop-backend";
import { renderApp, screen } from "@/testing/test-utils";

const otto = { id: 8, username: "otto", email: "otto@example.com" };

function openAsAdmin(url = "/admin/orders") {
  backend.users.push(
    {
      ...aUser({ id: 1, role: "admin", username: "ada", email: "ada@example.com" }),
      password: "x",
    },
    { ...aUser(otto), password: "x" },
  );
  return renderApp(url, { user: 1 });
}

const lastSearch = () => requestsTo("GET", "/orders/admin/all").at(-1)?.search ?? "";
const table = () => screen.findByRole("table", { name: "Orders" });
const rowTexts = async () =>
  within(await table())
    .getAllByRole("row")
    .slice(1)
    .map((row) => row.textContent);

describe("the admin list of orders", () => {
  beforeEach(() => {
    backend.shop.timezone = "Europe/Berlin";
    backend.orders = [
      anOrder({ id: 41, status: "pending", created_at: "2026-11-29T10:00:00Z" }),
      anOrder({
        id: 42,
        status: "paid",
        user_id: otto.id,
        customer: otto,
        total_amount: "37.50",
        // 00:30 on December 1st in Berlin.
        created_at: "2026-11-30T23:30:00Z",
      }),
    ];
  });

  test("shows each order with its time in the shop's zone, customer, size, total and status", async () => {
    openAsAdmin();

    expect(await rowTexts()).toEqual([
      expect.stringMatching(/^#42Dec 1, 2026, 12:30\sAMotto.*otto@example\.com2 items€37\.50Paid$/),
      expect.stringMatching(
        /^#41Nov 29, 2026, 11:00\sAMcarlacarla@example\.com2 items€20\.00Pending$/,
      ),
    ]);
    const first = within(await table()).getAllByRole("row")[1]!;
    expect(within(first).getByRole("link", { name: "Order #42" })).toHaveAttribute(
      "href",
      "/admin/orders/42",
    );
    expect(within(first).getByRole("link", { name: "otto" })).toHaveAttribute(
      "href",
      "/admin/customers/8",
    );
    expect(screen.getByText("2 orders")).toBeInTheDocument();
    expect(screen.getByText(/^Dates in Europe\/Berlin/)).toBeInTheDocument();
    expect(screen.getByLabelText("From")).toHaveAccessibleDescription(
      "Dates in Europe/Berlin; both days included.",
    );
    expect(lastSearch()).toBe("?skip=0&limit=20");
    await waitFor(() => {
      expect(document.title).toBe("Orders · Admin · Test Shop");
    });
  });

  test("the status and the dates go into the URL and the API's query", async () => {
    const { router, user } = openAsAdmin();
    await table();

    await user.selectOptions(screen.getByLabelText("Status"), "paid");
    expect(router.state.location.search).toBe("?status=paid");
    await waitFor(async () => {
      expect(await rowTexts()).toHaveLength(1);
    });
    expect(lastSearch()).toBe("?status=paid&skip=0&limit=20");

    await user.selectOptions(screen.getByLabelText("Status"), "");
    fireEvent.change(screen.getByLabelText("From"), { target: { value: "2026-12-01" } });
    expect(router.state.location.search).toBe("?from=2026-12-01");
    fireEvent.change(screen.getByLabelText("To"), { target: { value: "2026-12-31" } });
    expect(router.state.location.search).toBe("?from=2026-12-01&to=2026-12-31");
    // The order placed at 23:30 UTC on November 30th was placed on December 1st in Berlin.
    await waitFor(async () => {
      expect(await rowTexts()).toEqual([expect.stringMatching(/^#42/)]);
    });
    expect(lastSearch()).toBe("?created_from=2026-12-01&created_to=2026-12-31&skip=0&limit=20");

    await user.click(screen.getByRole("link", { name: "Clear filters" }));
    expect(router.state.location.search).toBe("");
    expect(screen.getByLabelText("From")).toHaveValue("");
  });

  test("filters come from the URL; the customer shows as a chip that removes the filter", async () => {
    const { router, user } = openAsAdmin(
      "/admin/orders?status=paid&from=2026-11-01&to=2026-12-31&customer=8&page=1",
    );

    expect(await rowTexts()).toEqual([expect.stringMatching(/^#42/)]);
    expect(lastSearch()).toBe(
      "?status=paid&user_id=8&created_from=2026-11-01&created_to=2026-12-31&skip=0&limit=20",
    );
    expect(screen.getByLabelText("Status")).toHaveValue("paid");
    expect(screen.getByLabelText("From")).toHaveValue("2026-11-01");
    expect(screen.getByLabelText("To")).toHaveValue("2026-12-31");
    const chip = await screen.findByRole("group", { name: "Customer" });
    expect(chip).toHaveTextContent("otto (otto@example.com)");

    await user.click(
      within(chip).getByRole("button", {
        name: "Remove the customer filter (otto (otto@example.com))",
      }),
    );
    expect(router.state.location.search).toBe("?status=paid&from=2026-11-01&to=2026-12-31");
    expect(screen.getByRole("searchbox", { name: "Customer" })).toBeInTheDocument();
  });

  test("nonsense in the URL is left out", async () => {
    openAsAdmin("/admin/orders?status=lost&from=yesterday&to=2026-13-45&customer=-3&page=x");

    await table();
    expect(lastSearch()).toBe("?skip=0&limit=20");
    expect(screen.getByLabelText("Status")).toHaveValue("");
    expect(screen.queryByRole("link", { name: "Clear filters" })).not.toBeInTheDocument();
  });

  test("a customer is found by email or name and their orders shown", async () => {
    const { router, user } = openAsAdmin();
    await table();

    await user.type(screen.getByRole("searchbox", { name: "Customer" }), "nobody");
    await user.click(screen.getByRole("button", { name: "Find" }));
    expect(await screen.findByText("No account matches “nobody”.")).toBeInTheDocument();

    await user.clear(screen.getByRole("searchbox", { name: "Customer" }));
    await user.type(screen.getByRole("searchbox", { name: "Customer" }), "OTTO@{Enter}");
    const matches = await screen.findByRole("list", { name: "Accounts matching OTTO@" });
    await user.click(within(matches).getByRole("button", { name: "otto (otto@example.com)" }));

    expect(router.state.location.search).toBe("?customer=8");
    expect(await rowTexts()).toEqual([expect.stringMatching(/^#42/)]);
    expect(await screen.findByRole("group", { name: "Customer" })).toHaveTextContent("otto");
  });

  test("a customer filter for an account that does not exist says so", async () => {
    openAsAdmin("/admin/orders?customer=999");

    expect(await screen.findByText("No orders match these filters")).toBeInTheDocument();
    expect(await screen.findByText("Customer #999 (no such account)")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Show every order" })).toHaveAttribute(
      "href",
      "/admin/orders",
    );
  });

  test("a From after To is pointed out", async () => {
    openAsAdmin("/admin/orders?from=2026-12-31&to=2026-12-01");

    expect(
      await screen.findByText("“From” is after “To”: no order can match."),
    ).toBeInTheDocument();
    expect(screen.getByLabelText("From")).toHaveAttribute("aria-invalid", "true");
  });

  test("comes twenty at a time, the page in the URL", async () => {
    backend.orders = Array.from({ length: 25 }, (_, index) =>
      anOrder({
        id: 100 - index,
        created_at: `2026-11-${String(index + 1).padStart(2, "0")}T10:00:00Z`,
      }),
    );
    const { router, user } = openAsAdmin("/admin/orders?status=pending");

    expect(await rowTexts()).toHaveLength(20);
    const pages = screen.getByRole("navigation", { name: "Order pages" });
    await user.click(within(pages).getByRole("link", { name: "Page 2" }));

    expect(router.state.location.search).toBe("?status=pending&page=2");
    await waitFor(async () => {
      expect(await rowTexts()).toHaveLength(5);
    });
    expect(lastSearch()).toBe("?status=pending&skip=20&limit=20");

    // Changing a filter starts again at the first page.
    await user.selectOptions(screen.getByLabelText("Status"), "");
    expect(router.state.location.search).toBe("");
  });

  test("no orders at all", async () => {
    backend.orders = [];
    openAsAdmin();
    expect(await screen.findByText("No orders yet")).toBeInTheDocument();
  });

  test("when the orders cannot be loaded, Try again recovers", async () => {
    server.use(
      http.get("/orders/admin/all", () => error(500, "internal_error", "Internal server error"), {
        once: true,
      }),
    );
    const { user } = openAsAdmin();

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("The orders could not be loaded");
    await user.click(within(alert).getByRole("button", { name: "Try again" }));
    expect(await rowTexts()).toHaveLength(2);
  });

  test("an order whose account is gone still shows", async () => {
    backend.orders = [anOrder({ id: 50, user_id: 77, customer: null })];
    openAsAdmin();
    expect(await rowTexts()).toEqual([expect.stringContaining("Account #77")]);
  });
});
