import { waitFor, within } from "@testing-library/react";

import { http } from "@/testing/http";
import { server } from "@/testing/setup-tests";
import {
  addSession,
  backend,
  endSessions,
  error,
  requestsTo,
  THIS_BROWSER,
} from "@/testing/shop-backend";
import { aGate, renderApp, screen } from "@/testing/test-utils";

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

async function openSessions() {
  const view = renderApp("/account/sessions", { user: 7 });
  await screen.findByRole("heading", { level: 1, name: "Signed-in devices" });
  await screen.findByRole("list");
  return view;
}

/** The card of the device named `device` (its heading holds the name, and the badge). */
function card(device: string | RegExp): HTMLElement {
  return screen.getByRole("heading", { level: 2, name: device }).closest("li")!;
}

/** The toast saying `text`: inside the page's live status region. */
async function toast(text: string): Promise<HTMLElement> {
  const message = await screen.findByText(text);
  expect(message.closest("[role=status]")).toHaveClass("toasts");
  return message;
}

function anIphone() {
  return addSession({
    device: "Safari on iPhone",
    ip_address: "203.0.113.7",
    created_at: "2026-11-28T09:15:00Z",
    last_used_at: minutesAgo(5),
  });
}

function aWindowsPc() {
  return addSession({
    device: "Firefox on Windows",
    user_agent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
    ip_address: "2001:db8::1",
    created_at: "2026-11-20T18:00:00Z",
    last_used_at: minutesAgo(3 * 60),
  });
}

describe("the list", () => {
  test("shows this device first, badged, then the others with where and when", async () => {
    aWindowsPc();
    anIphone();
    await openSessions();

    const items = within(screen.getByRole("list")).getAllByRole("listitem");
    expect(items.map((item) => within(item).getByRole("heading").textContent)).toEqual([
      "Chrome on LinuxThis device",
      "Safari on iPhone",
      "Firefox on Windows",
    ]);
    expect(screen.getByText("3 devices signed in")).toBeInTheDocument();

    const mine = card(/Chrome on Linux/);
    expect(within(mine).getByText("This device")).toBeInTheDocument();
    expect(within(mine).getByText(THIS_BROWSER.ip_address)).toBeInTheDocument();
    expect(within(mine).getByText(THIS_BROWSER.user_agent)).toBeInTheDocument();
    expect(within(mine).getByText("Now")).toBeInTheDocument();

    const iphone = card("Safari on iPhone");
    expect(within(iphone).queryByText("This device")).not.toBeInTheDocument();
    const facts = (item: HTMLElement) =>
      [...item.querySelectorAll("dt")].map((dt) => [dt.textContent, dt.nextSibling?.textContent]);
    expect(facts(iphone)).toEqual([
      ["IP address", "203.0.113.7"],
      ["Signed in", expect.stringMatching(/^Nov 28, 2026, 9:15\sAM$/) as string],
      ["Last active", "5 minutes ago"],
    ]);
    const lastActive = within(iphone).getByText("5 minutes ago");
    expect(lastActive.tagName).toBe("TIME");
    expect(lastActive.getAttribute("title")).toMatch(/, 20\d\d, /); // the moment itself
    expect(facts(card("Firefox on Windows"))).toContainEqual(["Last active", "3 hours ago"]);
    expect(facts(card("Firefox on Windows"))).toContainEqual(["IP address", "2001:db8::1"]);

    expect(screen.getByRole("link", { name: "← Your account" })).toHaveAttribute(
      "href",
      "/account",
    );
    // In the header, the page counts as the account's.
    const nav = screen.getByRole("navigation", { name: "Main" });
    expect(within(nav).getByRole("link", { name: "Account" })).toHaveClass("active");
    expect(within(nav).getByRole("link", { name: "Orders" })).not.toHaveClass("active");
    await waitFor(() => {
      expect(document.title).toBe("Signed-in devices · Test Shop");
    });
    // The list was asked for with the access token.
    expect(requestsTo("GET", "/auth/sessions")[0]?.authorization).toMatch(/^Bearer token-7-/);
  });

  test("every button names the device it signs out", async () => {
    anIphone();
    aWindowsPc();
    await openSessions();
    const names = within(screen.getByRole("list"))
      .getAllByRole("button")
      .map((button) => button.textContent);
    expect(names).toEqual([
      "Sign out Chrome on Linux (this device)",
      "Sign out Safari on iPhone",
      "Sign out Firefox on Windows",
    ]);
    expect(screen.getByRole("button", { name: "Sign out Safari on iPhone" })).toBeEnabled();
  });

  test("what a device sent is shown as text, never run as markup", async () => {
    addSession({
      device: '<img src="x" onerror="alert(1)">',
      user_agent: '<script>alert("agent")</script><b>Evil</b>/1.0',
      ip_address: "198.51.100.1",
    });
    const { container } = await openSessions();

    expect(card('<img src="x" onerror="alert(1)">')).toBeInTheDocument();
    expect(screen.getByText('<script>alert("agent")</script><b>Evil</b>/1.0')).toBeInTheDocument();
    expect(container.querySelector("main img, main script, main b")).toBeNull();
    expect(
      screen.getByRole("button", { name: 'Sign out <img src="x" onerror="alert(1)">' }),
    ).toBeInTheDocument();
  });

  test("the account page links here", async () => {
    const { user } = renderApp("/account", { user: 7 });
    await user.click(await screen.findByRole("link", { name: "See signed-in devices" }));
    expect(
      await screen.findByRole("heading", { level: 1, name: "Signed-in devices" }),
    ).toBeInTheDocument();
  });
});

describe("states", () => {
  test("while the list loads, it says so", async () => {
    const gate = aGate();
    server.use(http.get("/auth/sessions", () => gate.wait, { once: true }));
    renderApp("/account/sessions", { user: 7 });
    expect(await screen.findByText("Loading your devices…")).toBeInTheDocument();
    gate.open();
    expect(await screen.findByRole("heading", { name: /Chrome on Linux/ })).toBeInTheDocument();
    expect(screen.queryByText("Loading your devices…")).not.toBeInTheDocument();
  });

  test("with only this device, there is nobody else to sign out", async () => {
    await openSessions();
    expect(screen.getByText("1 device signed in")).toBeInTheDocument();
    expect(screen.getByText("No other device is signed in")).toBeInTheDocument();
    expect(
      screen.queryByRole("button", { name: "Sign out everywhere else" }),
    ).not.toBeInTheDocument();
    expect(within(screen.getByRole("list")).getAllByRole("listitem")).toHaveLength(1);
  });

  test("with no session at all (an odd answer), an empty state", async () => {
    server.use(http.get("/auth/sessions", ({ response }) => response(200).json([])));
    renderApp("/account/sessions", { user: 7 });
    expect(await screen.findByText("No device is signed in")).toBeInTheDocument();
    expect(screen.queryByRole("list")).not.toBeInTheDocument();
  });

  test("a list that cannot be loaded can be asked for again", async () => {
    anIphone();
    server.use(
      http.get("/auth/sessions", () => error(503, "database_unavailable", "Try again shortly"), {
        once: true,
      }),
    );
    const { user } = renderApp("/account/sessions", { user: 7 });

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Your devices could not be loaded");
    expect(alert).toHaveTextContent("Try again shortly");
    await user.click(within(alert).getByRole("button", { name: "Try again" }));

    expect(await screen.findByRole("heading", { name: "Safari on iPhone" })).toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    expect(requestsTo("GET", "/auth/sessions")).toHaveLength(2);
  });

  test("a visitor who is not logged in is sent to log in first", async () => {
    const { router } = renderApp("/account/sessions");
    expect(await screen.findByRole("heading", { name: "Log in" })).toBeInTheDocument();
    expect(router.state.location.search).toBe("?next=%2Faccount%2Fsessions");
    expect(requestsTo("GET", "/auth/sessions")).toEqual([]);
  });
});

describe("signing out", () => {
  test("one other device: it is gone at once, and a toast confirms", async () => {
    const iphone = anIphone();
    aWindowsPc();
    const { user } = await openSessions();

    await user.click(screen.getByRole("button", { name: "Sign out Safari on iPhone" }));

    await toast("Signed out Safari on iPhone.");
    expect(screen.queryByRole("heading", { name: "Safari on iPhone" })).not.toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Firefox on Windows" })).toBeInTheDocument();
    expect(backend.sessions.map((s) => s.id)).not.toContain(iphone.id);
    expect(requestsTo("DELETE", `/auth/sessions/${iphone.id}`)).toHaveLength(1);
    // The list is fetched again, and focus is not lost with the button.
    await waitFor(() => {
      expect(requestsTo("GET", "/auth/sessions")).toHaveLength(2);
    });
    expect(screen.getByRole("heading", { level: 1 })).toHaveFocus();
    expect(screen.getByText("2 devices signed in")).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Dismiss" }));
    expect(screen.queryByText("Signed out Safari on iPhone.")).not.toBeInTheDocument();
  });

  test("while a device is being signed out its button waits", async () => {
    anIphone();
    const gate = aGate();
    server.use(http.delete("/auth/sessions/{session_id}", () => gate.wait, { once: true }));
    const { user } = await openSessions();

    await user.click(screen.getByRole("button", { name: "Sign out Safari on iPhone" }));
    expect(screen.getByRole("button", { name: "Signing out… Safari on iPhone" })).toBeDisabled();
    gate.open();
    await toast("Signed out Safari on iPhone.");
  });

  test("a device signed out meanwhile elsewhere is just gone", async () => {
    const iphone = anIphone();
    const { user } = await openSessions();
    endSessions((session) => session.id === iphone.id);

    await user.click(screen.getByRole("button", { name: "Sign out Safari on iPhone" }));

    await toast("Safari on iPhone was signed out already.");
    expect(screen.queryByRole("heading", { name: "Safari on iPhone" })).not.toBeInTheDocument();
  });

  test("a failure is said in a toast, and the device stays listed", async () => {
    anIphone();
    server.use(
      http.delete("/auth/sessions/{session_id}", () =>
        error(500, "internal_error", "Internal server error"),
      ),
    );
    const { user } = await openSessions();

    await user.click(screen.getByRole("button", { name: "Sign out Safari on iPhone" }));

    const message = await toast("Safari on iPhone could not be signed out: Internal server error");
    expect(message.closest(".toast")).toHaveClass("toast-error");
    expect(screen.getByRole("button", { name: "Sign out Safari on iPhone" })).toBeEnabled();
  });

  test("everywhere else: asked first, then every other device is signed out", async () => {
    anIphone();
    aWindowsPc();
    const { user } = await openSessions();

    await user.click(screen.getByRole("button", { name: "Sign out everywhere else" }));
    let dialog = screen.getByRole("dialog", { name: "Sign out everywhere else?" });
    expect(dialog).toHaveTextContent("The other 2 devices are signed out at once");
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(requestsTo("DELETE", "/auth/sessions")).toEqual([]);

    await user.click(screen.getByRole("button", { name: "Sign out everywhere else" }));
    dialog = screen.getByRole("dialog", { name: "Sign out everywhere else?" });
    await user.click(within(dialog).getByRole("button", { name: "Sign out 2 devices" }));

    await toast("Signed out 2 other devices.");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(requestsTo("DELETE", "/auth/sessions")).toHaveLength(1);
    expect(backend.sessions.map((s) => s.device)).toEqual([THIS_BROWSER.device]);
    expect(screen.getByText("No other device is signed in")).toBeInTheDocument();
    expect(
      screen.queryByRole("button", { name: "Sign out everywhere else" }),
    ).not.toBeInTheDocument();
    expect(screen.getByRole("heading", { level: 1 })).toHaveFocus();
    // This device is still signed in.
    expect(screen.getByRole("button", { name: "Log out" })).toBeInTheDocument();
  });

  test("everywhere else, with one other device, by keyboard", async () => {
    anIphone();
    const { user } = await openSessions();

    screen.getByRole("button", { name: "Sign out everywhere else" }).focus();
    await user.keyboard("{Enter}");
    const dialog = screen.getByRole("dialog", { name: "Sign out everywhere else?" });
    expect(dialog).toHaveTextContent("The other device is signed out at once");
    within(dialog).getByRole("button", { name: "Sign out 1 device" }).focus();
    await user.keyboard("{Enter}");

    await toast("Signed out 1 other device.");
  });

  test("everywhere else failing is said in a toast", async () => {
    anIphone();
    server.use(
      http.delete("/auth/sessions", () => error(500, "internal_error", "Internal server error")),
    );
    const { user } = await openSessions();

    await user.click(screen.getByRole("button", { name: "Sign out everywhere else" }));
    await user.click(
      within(screen.getByRole("dialog")).getByRole("button", { name: "Sign out 1 device" }),
    );

    await toast("The other devices could not be signed out: Internal server error");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Safari on iPhone" })).toBeInTheDocument();
  });

  test("this device: the customer is logged out", async () => {
    anIphone();
    const { router, user } = await openSessions();

    await user.click(
      screen.getByRole("button", { name: "Sign out Chrome on Linux (this device)" }),
    );

    expect(await screen.findByRole("link", { name: "Log in" })).toBeInTheDocument();
    await waitFor(() => {
      expect(router.state.location.pathname).toBe("/");
    });
    expect(requestsTo("POST", "/auth/logout")).toHaveLength(1);
    expect(backend.sessions.map((s) => s.device)).toEqual(["Safari on iPhone"]);
    expect(localStorage.getItem("webshop.signed-in")).toBeNull();
  });
});

test("after a password change the list is not shown from before it", async () => {
  anIphone();
  const { user } = await openSessions();
  await user.click(screen.getByRole("link", { name: "← Your account" }));
  const password = (await screen.findByRole("heading", { name: "Password" })).closest("form")!;
  await user.type(within(password).getByLabelText("Current password"), "correct-horse");
  await user.type(within(password).getByLabelText("New password"), "battery-staple");
  await user.type(within(password).getByLabelText("Repeat new password"), "battery-staple");
  await user.click(within(password).getByRole("button", { name: "Change password" }));
  await within(password).findByText("Your password was changed.");

  const gate = aGate();
  server.use(http.get("/auth/sessions", () => gate.wait, { once: true }));
  await user.click(screen.getByRole("link", { name: "See signed-in devices" }));
  // Not the cached list, where the iPhone (logged out by the change) still was.
  expect(await screen.findByText("Loading your devices…")).toBeInTheDocument();
  expect(screen.queryByRole("heading", { name: "Safari on iPhone" })).not.toBeInTheDocument();
  gate.open();
  expect(await screen.findByText("No other device is signed in")).toBeInTheDocument();
});

describe("when this session was ended elsewhere", () => {
  test("the next action finds the customer logged out, without an error toast", async () => {
    anIphone();
    const { router, user } = await openSessions();
    // Another device signs this one out.
    endSessions((session) => session.id === backend.sessionId);

    await user.click(screen.getByRole("button", { name: "Sign out Safari on iPhone" }));

    expect(await screen.findByRole("heading", { name: "Log in" })).toBeInTheDocument();
    expect(router.state.location.search).toBe("?next=%2Faccount%2Fsessions");
    expect(requestsTo("POST", "/auth/refresh").at(-1)).toBeDefined();
    expect(screen.queryByText(/could not be signed out/)).not.toBeInTheDocument();
    expect(backend.sessions.map((s) => s.device)).toEqual(["Safari on iPhone"]);
  });

  test("opening the page again goes to the login page", async () => {
    signedOutElsewhere();
    const { router } = renderApp("/account/sessions", { user: 7 });
    expect(await screen.findByRole("heading", { name: "Log in" })).toBeInTheDocument();
    expect(router.state.location.search).toBe("?next=%2Faccount%2Fsessions");
  });
});

/** The refresh cookie's session has been ended by another device. */
function signedOutElsewhere(): void {
  backend.sessionId = addSession({ device: THIS_BROWSER.device }).id;
  endSessions((session) => session.id === backend.sessionId);
}
