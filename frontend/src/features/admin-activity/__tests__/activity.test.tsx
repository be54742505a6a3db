import { act, fireEvent, waitFor, within } from "@testing-library/react";

import { anOrder, aUser } from "@/testing/data";
import { http } from "@/testing/http";
import { server } from "@/testing/setup-tests";
import { backend, error, requestsTo } from "@/testing/shop-backend";
import { aGate, renderApp, screen } from "@/testing/test-utils";

import { aRecord, serveTrail, trail } from "@/features/admin-activity/__tests__/fake-audit";

const ada = { id: 1, username: "ada", email: "ada@example.com", role: "admin" as const };
const bob = { id: 2, username: "bob", email: "bob@example.com", role: "admin" as const };

function openAsAdmin(url = "/admin/activity") {
  backend.users.push(
    { ...aUser(ada), password: "x" },
    { ...aUser(bob), password: "x" },
    { ...aUser({ id: 8, username: "otto", email: "otto@example.com" }), password: "x" },
  );
  return renderApp(url, { user: 1 });
}

const lastSearch = () => requestsTo("GET", "/admin/audit").at(-1)?.search ?? "";
const table = () => screen.findByRole("table", { name: "Activity" });
const rows = async () =>
  within(await table())
    .getAllByRole("row")
    .slice(1);
const rowTexts = async () => (await rows()).map((row) => row.textContent);

describe("the activity page (audit trail)", () => {
  beforeEach(() => {
    serveTrail();
    trail.records = [
      aRecord({
        id: 3,
        created_at: "2026-12-02T08:00:00Z",
        actor_id: 2,
        actor_email: "bob@example.com",
        action: "order.status_changed",
        object_type: "order",
        object_id: "41",
        before: { status: "pending" },
        after: { status: "paid" },
      }),
      aRecord({ id: 2, created_at: "2026-12-01T09:30:00Z" }),
      aRecord({
        id: 1,
        created_at: "2026-11-30T12:00:00Z",
        action: "product.created",
        object_id: "12",
        before: null,
        after: { name: "Green tea", description: "", price: "10.00", is_active: true },
      }),
    ];
  });

  test("shows each record newest first: when, who, what, which object and what changed", async () => {
    openAsAdmin();

    expect(await rowTexts()).toEqual([
      expect.stringMatching(
        /^Dec 2, 2026, 8:00\sAMbob@example\.comOrder status changedOrder #41History of Order #41status: pending → paid$/,
      ),
      expect.stringMatching(
        /^Dec 1, 2026, 9:30\sAMada@example\.comProduct updatedProduct #12History of Product #12price: €10\.00 → €12\.50$/,
      ),
      expect.stringMatching(/Product created.*name: Green teaprice: €10\.00is active: yes$/),
    ]);
    const [order, product] = await rows();
    expect(within(order!).getByRole("link", { name: "Order #41" })).toHaveAttribute(
      "href",
      "/admin/orders/41",
    );
    expect(within(order!).getByRole("link", { name: "bob@example.com" })).toHaveAttribute(
      "href",
      "/admin/customers/2",
    );
    expect(within(product!).getByRole("link", { name: "Product #12" })).toHaveAttribute(
      "href",
      "/admin/products/12",
    );
    expect(within(product!).getByRole("link", { name: "History of Product #12" })).toHaveAttribute(
      "href",
      "/admin/activity?object_type=product&object_id=12",
    );
    expect(screen.getByText("3 records")).toBeInTheDocument();
    // Read-only: nothing on the page edits or deletes a record.
    expect(within(await table()).queryAllByRole("button")).toEqual([]);
    expect(lastSearch()).toBe("?skip=0&limit=20");
    await waitFor(() => {
      expect(document.title).toBe("Activity · Admin · Test Shop");
    });
  });

  test("what an administrator typed shows as text, never as markup", async () => {
    trail.records = [
      aRecord({
        before: { name: "<b>x</b>" },
        after: { name: '<img src=x onerror="alert(1)">' },
      }),
    ];
    openAsAdmin();

    const [row] = await rows();
    expect(row).toHaveTextContent('name: <b>x</b> → <img src=x onerror="alert(1)">');
    expect(row!.querySelector("b, img")).toBeNull();
  });

  test("a long value shows its start, and all of it on request", async () => {
    const long = `Malty and strong. ${"A very long description. ".repeat(5)}The end.`;
    trail.records = [aRecord({ before: { description: "Short." }, after: { description: long } })];
    const { user } = openAsAdmin();

    const [row] = await rows();
    expect(row).not.toHaveTextContent("The end.");
    const more = within(row!).getByRole("button", { name: "Show all of the description after" });
    expect(more).toHaveAttribute("aria-expanded", "false");
    await user.click(more);
    expect(row).toHaveTextContent("The end.");
    await user.click(
      within(row!).getByRole("button", { name: "Show less of the description after" }),
    );
    expect(row).not.toHaveTextContent("The end.");
  });

  test("records of other objects: accounts link, reviews and replays do not; removed values say so", async () => {
    trail.records = [
      aRecord({
        id: 4,
        action: "user.updated",
        object_type: "user",
        object_id: "8",
        before: { role: "customer" },
        after: { role: "admin" },
      }),
      aRecord({
        id: 3,
        action: "review.deleted",
        object_type: "review",
        object_id: "5",
        before: { rating: 1, comment: "Bad", user_id: 8 },
        after: null,
      }),
      aRecord({
        id: 2,
        action: "events.replayed",
        object_type: "events",
        object_id: null,
        before: null,
        after: { created_from: "2026-12-01", created_to: "2026-12-02", replayed: 3 },
      }),
      aRecord({
        id: 1,
        action: "product.stock_changed",
        before: { stock: 5 },
        after: { stock: 8, reason: "restock", note: null, tags: ["a", "b"] },
      }),
    ];
    openAsAdmin();

    const [user, review, replay, stock] = await rows();
    expect(within(user!).getByRole("link", { name: "Account #8" })).toHaveAttribute(
      "href",
      "/admin/customers/8",
    );
    expect(user).toHaveTextContent("Account access changed");
    expect(user).toHaveTextContent("role: customer → admin");
    expect(within(review!).queryByRole("link", { name: "Review #5" })).not.toBeInTheDocument();
    expect(review).toHaveTextContent("Review #5");
    expect(review).toHaveTextContent("rating: was 1comment: was Baduser id: was 8");
    expect(replay).toHaveTextContent(
      "Events replayedEventscreated from: 2026-12-01created to: 2026-12-02replayed: 3",
    );
    expect(within(replay!).queryByRole("link", { name: /History/ })).not.toBeInTheDocument();
    // A note left blank says nothing; a list shows as JSON text.
    expect(stock).toHaveTextContent(
      'Stock changedProduct #12History of Product #12stock: 5 → 8reason: restocktags: ["a","b"]',
    );
  });

  test("a record with nothing to show says so", async () => {
    trail.records = [aRecord({ before: null, after: null })];
    openAsAdmin();

    const [row] = await rows();
    expect(row).toHaveTextContent(/—$/);
  });

  test("the filters go into the URL and the API's query", async () => {
    trail.records.push(aRecord({ id: 9, created_at: "2026-11-01T10:00:00Z", object_id: "13" }));
    const { router, user } = openAsAdmin();
    await table();

    const administrator = screen.getByLabelText("Administrator");
    await within(administrator).findByRole("option", { name: "bob@example.com" });
    expect(
      within(administrator)
        .getAllByRole("option")
        .map((option) => option.textContent),
    ).toEqual(["All administrators", "ada@example.com", "bob@example.com"]);
    await user.selectOptions(administrator, "2");
    expect(router.state.location.search).toBe("?actor=2");
    await waitFor(async () => {
      expect(await rowTexts()).toHaveLength(1);
    });
    expect(lastSearch()).toBe("?actor_id=2&skip=0&limit=20");

    await user.selectOptions(administrator, "");
    await user.selectOptions(screen.getByLabelText("Action"), "Product updated");
    expect(router.state.location.search).toBe("?action=product.updated");
    await user.selectOptions(screen.getByLabelText("Object type"), "Product");
    await user.type(screen.getByRole("searchbox", { name: "Object id" }), "13{Enter}");
    expect(router.state.location.search).toBe(
      "?action=product.updated&object_type=product&object_id=13",
    );
    await waitFor(async () => {
      expect(await rowTexts()).toEqual([expect.stringMatching(/^Nov 1, 2026/)]);
    });
    expect(lastSearch()).toBe(
      "?action=product.updated&object_type=product&object_id=13&skip=0&limit=20",
    );

    await user.click(screen.getByRole("link", { name: "Clear filters" }));
    expect(router.state.location.search).toBe("");
    fireEvent.change(screen.getByLabelText("From"), { target: { value: "2026-12-01" } });
    fireEvent.change(screen.getByLabelText("To"), { target: { value: "2026-12-01" } });
    expect(router.state.location.search).toBe("?from=2026-12-01&to=2026-12-01");
    await waitFor(async () => {
      expect(await rowTexts()).toEqual([expect.stringMatching(/^Dec 1, 2026/)]);
    });
    expect(lastSearch()).toBe("?created_from=2026-12-01&created_to=2026-12-01&skip=0&limit=20");
    expect(screen.getByLabelText("From")).toHaveAccessibleDescription(
      "Dates in UTC; both days included.",
    );
  });

  test("filters come from the URL (an object's history links here); nonsense is left out", async () => {
    openAsAdmin(
      "/admin/activity?object_type=product&object_id=12&actor=1&action=nope&from=x&page=1",
    );

    expect(await rowTexts()).toHaveLength(2);
    expect(lastSearch()).toBe("?actor_id=1&object_type=product&object_id=12&skip=0&limit=20");
    expect(screen.getByLabelText("Object type")).toHaveValue("product");
    expect(screen.getByRole("searchbox", { name: "Object id" })).toHaveValue("12");
    expect(screen.getByLabelText("Action")).toHaveValue("");
    // Already the object's history: no link to it.
    expect(screen.queryByRole("link", { name: /^History of/ })).not.toBeInTheDocument();
  });

  test("an administrator the list does not name still shows as the chosen one", async () => {
    openAsAdmin("/admin/activity?actor=8");

    expect(await screen.findByText("No activity matches these filters")).toBeInTheDocument();
    const administrator = screen.getByLabelText("Administrator");
    await within(administrator).findByRole("option", { name: "Account #8" });
    expect(administrator).toHaveValue("8");
    expect(screen.getByRole("link", { name: "Show all activity" })).toHaveAttribute(
      "href",
      "/admin/activity",
    );
  });

  test("when the administrators cannot be listed, the select says so and tries again", async () => {
    server.use(
      http.get("/customers/", () => error(500, "internal_error", "Internal server error"), {
        once: true,
      }),
    );
    const { user } = openAsAdmin();

    const administrator = await screen.findByLabelText("Administrator");
    await waitFor(() => {
      expect(administrator).toHaveAccessibleDescription(
        "The list of administrators could not be loaded. Try again",
      );
    });
    await user.click(screen.getByRole("button", { name: "Try again" }));
    await within(administrator).findByRole("option", { name: "bob@example.com" });
    expect(administrator).not.toHaveAccessibleDescription();
  });

  test("a From after To is pointed out", async () => {
    openAsAdmin("/admin/activity?from=2026-12-31&to=2026-12-01");

    expect(
      await screen.findByText("“From” is after “To”: no record can match."),
    ).toBeInTheDocument();
    expect(screen.getByLabelText("To")).toHaveAttribute("aria-invalid", "true");
  });

  test("comes twenty at a time, the page in the URL", async () => {
    trail.records = Array.from({ length: 25 }, (_, index) =>
      aRecord({
        id: index + 1,
        created_at: `2026-11-${String(index + 1).padStart(2, "0")}T10:00:00Z`,
      }),
    );
    const { router, user } = openAsAdmin("/admin/activity?action=product.updated");

    expect(await rowTexts()).toHaveLength(20);
    const pages = screen.getByRole("navigation", { name: "Activity pages" });
    await user.click(within(pages).getByRole("link", { name: "Page 2" }));

    expect(router.state.location.search).toBe("?action=product.updated&page=2");
    await waitFor(async () => {
      expect(await rowTexts()).toHaveLength(5);
    });
    expect(lastSearch()).toBe("?action=product.updated&skip=20&limit=20");
  });

  test("no activity at all, and a page past the end", async () => {
    trail.records = [];
    openAsAdmin("/admin/activity?page=3");
    expect(await screen.findByText("No activity yet")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Back to the first page" })).toHaveAttribute(
      "href",
      "/admin/activity",
    );
  });

  test("when the trail cannot be loaded, Try again recovers", async () => {
    const gate = aGate();
    server.use(
      http.get(
        "/admin/audit",
        async () => {
          await gate.wait;
          return error(500, "internal_error", "Internal server error");
        },
        { once: true },
      ),
    );
    const { user } = openAsAdmin();

    expect(await screen.findByText("Loading activity…")).toBeInTheDocument();
    gate.open();
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("The activity could not be loaded");
    expect(alert).toHaveTextContent("Internal server error");
    await user.click(within(alert).getByRole("button", { name: "Try again" }));
    expect(await rowTexts()).toHaveLength(3);
  });

  test("the console's navigation leads here", async () => {
    const { user } = openAsAdmin("/admin/orders");
    const navigation = await screen.findByRole("navigation", { name: "Administration" });
    await user.click(within(navigation).getByRole("link", { name: "Activity" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Activity" })).toBeInTheDocument();
    expect(await rowTexts()).toHaveLength(3);
  });

  test("a product's, an order's and an account's page link to their activity", async () => {
    backend.orders = [anOrder({ id: 41 })];
    const { router, user } = openAsAdmin("/admin/products/1");

    await user.click(await screen.findByRole("link", { name: "Activity of this product" }));
    expect(router.state.location.search).toBe("?object_type=product&object_id=1");
    expect(await screen.findByText("No activity matches these filters")).toBeInTheDocument();

    await act(() => router.navigate("/admin/orders/41"));
    await user.click(await screen.findByRole("link", { name: "Activity of this order" }));
    expect(router.state.location.search).toBe("?object_type=order&object_id=41");

    await act(() => router.navigate("/admin/customers/8"));
    await user.click(await screen.findByRole("link", { name: "Activity of this account" }));
    expect(router.state.location.search).toBe("?object_type=user&object_id=8");
    expect(screen.getByLabelText("Object type")).toHaveValue("user");
  });
});
