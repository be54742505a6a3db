import { act, fireEvent, waitFor, within } from "@testing-library/react";

import { aUser } from "@/testing/data";
import { http } from "@/testing/http";
import { server } from "@/testing/setup-tests";
import { backend, error, requestsTo } from "@/testing/shop-backend";
import { aGate, renderApp, screen } from "@/testing/test-utils";

import {
  aRelay,
  anEvent,
  outbox,
  REPLAYABLE_FROM,
  serveOutbox,
} from "@/features/admin-events/__tests__/fake-outbox";
import { replayedMessage } from "@/features/admin-events/hooks/use-replay";

function openAsAdmin(url = "/admin/events") {
  backend.users.push({ ...aUser({ id: 1, role: "admin", username: "ada" }), password: "x" });
  return renderApp(url, { user: 1 });
}

const lastSearch = () => requestsTo("GET", "/admin/outbox").at(-1)?.search ?? "";
const relayReads = () => requestsTo("GET", "/admin/outbox/relay").length;
const listReads = () => requestsTo("GET", "/admin/outbox").length;
const table = () => screen.findByRole("table", { name: "Events" });
const rows = async () =>
  within(await table())
    .getAllByRole("row")
    .slice(1)
    .filter((row) => !row.classList.contains("event-details-row"));
const rowTexts = async () => (await rows()).map((row) => row.textContent);
const relayPanel = () => screen.findByRole("region", { name: "Relay" });
const toasts = () => document.querySelector(".toasts")!;

describe("the events page (event delivery log)", () => {
  beforeEach(() => {
    serveOutbox();
    outbox.relay = aRelay();
    outbox.events = [
      anEvent({
        id: 3,
        event_id: "0b6f8c1e-3333-4a4a-9c9c-000000000003",
        event_type: "order_paid",
        key: "41",
        data: { order_id: 41, note: "<b>x</b>" },
        created_at: "2026-12-02T08:00:00Z",
        sent_at: null,
        attempts: 3,
        last_error: "KafkaTimeoutError: no broker answered",
        delivery: "failing",
      }),
      anEvent({
        id: 2,
        event_id: "0b6f8c1e-2222-4a4a-9c9c-000000000002",
        event_type: "product_updated",
        created_at: "2026-12-01T11:00:00Z",
        sent_at: null,
        attempts: 0,
        delivery: "pending",
        key: null,
        user_id: null,
      }),
      anEvent(),
    ];
  });

  test("shows the relay and each event: when, type, key, delivery and when sent", async () => {
    openAsAdmin();

    const relay = await relayPanel();
    expect(await within(relay).findByText(/Relay running on/)).toHaveTextContent(
      "Running Relay running on shop-1:4242:ab12",
    );
    expect(relay).toHaveTextContent(
      /Waiting to be sent1,234Failing2Oldest unsentDec 1, 2026, 9:00\sAMLast sentDec 1, 2026, 9:59\sAMDelivered toIn-process \(analytics tables\)Sent events kept168 hours/,
    );
    expect(await rowTexts()).toEqual([
      expect.stringMatching(/^▸#3order_paid41Failing3 attemptsDec 2, 2026, 8:00\sAM—$/),
      expect.stringMatching(/^▸#2product_updated—PendingDec 1, 2026, 11:00\sAM—$/),
      expect.stringMatching(
        /^▸#1product_created12Sent1 attemptDec 1, 2026, 9:30\sAMDec 1, 2026, 9:30\sAMReplay event #1$/,
      ),
    ]);
    // Only a sent event can be replayed.
    expect(screen.getAllByRole("button", { name: /^Replay event/ })).toHaveLength(1);
    expect(screen.getByText("3 events, newest first")).toBeInTheDocument();
    expect(lastSearch()).toBe("?skip=0&limit=20");
    await waitFor(() => {
      expect(document.title).toBe("Events · Admin · Test Shop");
    });
  });

  test("without a relay holding the lease, the panel says so (and why, if this server runs none)", async () => {
    outbox.relay = aRelay({
      lease_holder: null,
      lease_expires_at: null,
      failing: 0,
      last_sent_at: null,
      transport: "kafka",
    });
    const { user } = openAsAdmin();

    const relay = await relayPanel();
    expect(await within(relay).findByText(/No relay holds the lease/)).toHaveTextContent(
      "Stopped No relay holds the lease: events wait until one takes it.",
    );
    expect(relay).toHaveTextContent("Last sent—Delivered toKafka");

    outbox.relay = aRelay({ enabled: false, lease_holder: null });
    await user.click(within(relay).getByRole("button", { name: "Refresh relay state" }));
    expect(await within(relay).findByText(/RELAY_ENABLED is off/)).toBeInTheDocument();
  });

  test("an event's details show its ids, last error and data as JSON text", async () => {
    const { user } = openAsAdmin();
    await table();

    const toggle = screen.getByRole("button", { name: "Details of event #3" });
    expect(toggle).toHaveAttribute("aria-expanded", "false");
    await user.click(toggle);
    expect(toggle).toHaveAttribute("aria-expanded", "true");
    const details = document.getElementById(toggle.getAttribute("aria-controls")!)!;
    expect(details).toHaveTextContent("Event id0b6f8c1e-3333-4a4a-9c9c-000000000003");
    expect(details).toHaveTextContent("User#1");
    expect(details).toHaveTextContent("Last errorKafkaTimeoutError: no broker answered");
    const data = details.querySelector("pre")!;
    expect(data.textContent).toBe('{\n  "order_id": 41,\n  "note": "<b>x</b>"\n}');
    expect(data.querySelector("b")).toBeNull();

    await user.click(screen.getByRole("button", { name: "Details of event #2" }));
    expect(screen.getAllByText("Event id")).toHaveLength(2);
    expect(document.getElementById("event-details-2")).toHaveTextContent("User—");
    await user.click(toggle);
    expect(toggle).toHaveAttribute("aria-expanded", "false");
    expect(screen.getAllByText("Event id")).toHaveLength(1);
  });

  test("a sent event is replayed: the API is asked for it, the page says so and refreshes", async () => {
    const { user } = openAsAdmin();
    await table();
    await within(await relayPanel()).findByText("1,234");
    const [lists, relays] = [listReads(), relayReads()];

    const gate = aGate();
    server.use(
      http.post("/admin/outbox/replay", async () => {
        await gate.wait;
        return undefined;
      }),
    );
    await user.click(screen.getByRole("button", { name: "Replay event #1" }));
    expect(screen.getByRole("button", { name: "Replaying… event #1" })).toBeDisabled();
    gate.open();

    await waitFor(() => {
      expect(toasts()).toHaveTextContent("1 event queued for delivery");
    });
    expect(outbox.replays).toEqual([{ event_id: "0b6f8c1e-1111-4a4a-9c9c-000000000001" }]);
    // The list and the relay are fetched again: the event waits to be sent again.
    await waitFor(async () => {
      expect((await rowTexts())[2]).toMatch(
        /^▸#1product_created12Pending1 attemptDec 1, 2026, 9:30\sAM—$/,
      );
    });
    expect(listReads()).toBeGreaterThan(lists);
    expect(relayReads()).toBeGreaterThan(relays);
    expect(await within(await relayPanel()).findByText("1,235")).toBeInTheDocument();
  });

  test("a replay that finds nothing to replay says why", async () => {
    server.use(
      http.post(
        "/admin/outbox/replay",
        ({ response }) => response(200).json({ replayed: 0, replayable_from: REPLAYABLE_FROM }),
        {
          once: true,
        },
      ),
    );
    const { user } = openAsAdmin();
    await within(await relayPanel()).findByText("168 hours");

    await user.click(await screen.findByRole("button", { name: "Replay event #1" }));
    await waitFor(() => {
      expect(toasts()).toHaveTextContent(
        "No events were replayed: only events already sent and created since Nov 30, 2026, 10:00 AM can be replayed (older ones are no longer kept).",
      );
    });
  });

  test("a replay the API refuses shows its reason", async () => {
    server.use(
      http.post(
        "/admin/outbox/replay",
        () => error(404, "not_found", "No event with that event_id is kept in the outbox"),
        { once: true },
      ),
    );
    const { user } = openAsAdmin();

    await user.click(await screen.findByRole("button", { name: "Replay event #1" }));
    await waitFor(() => {
      expect(toasts()).toHaveTextContent(
        "Event #1 was not replayed: No event with that event_id is kept in the outbox",
      );
    });
    expect(screen.getByRole("button", { name: "Replay event #1" })).toBeEnabled();
  });

  test("a time range is replayed after a confirmation that explains it", async () => {
    outbox.rangeReplayed = 12;
    const { user } = openAsAdmin();
    await within(await relayPanel()).findByText("168 hours");

    await user.click(screen.getByText("Replay a time range"));
    const form = screen.getByText("Replay a time range").closest("details")!;
    await user.click(within(form).getByRole("button", { name: "Replay…" }));
    expect(within(form).getByRole("alert")).toHaveTextContent(
      "Enter both the start and the end of the range.",
    );
    expect(within(form).getByLabelText("From")).toHaveAttribute("aria-invalid", "true");

    fireEvent.change(within(form).getByLabelText("From"), {
      target: { value: "2026-12-01T12:00" },
    });
    fireEvent.change(within(form).getByLabelText("To"), { target: { value: "2026-12-01T10:00" } });
    await user.click(within(form).getByRole("button", { name: "Replay…" }));
    expect(within(form).getByRole("alert")).toHaveTextContent("The start must be before the end.");
    expect(within(form).getByLabelText("To")).toHaveAttribute("aria-invalid", "true");

    fireEvent.change(within(form).getByLabelText("From"), {
      target: { value: "2026-12-01T08:00" },
    });
    await user.selectOptions(within(form).getByLabelText("Type"), "order_paid");
    await user.click(within(form).getByRole("button", { name: "Replay…" }));
    const dialog = screen.getByRole("dialog", { name: "Replay these events?" });
    expect(dialog).toHaveTextContent(
      "Every sent order_paid event created from 2026-12-01 08:00 up to 2026-12-01 10:00 (UTC) is queued to be delivered again.",
    );
    expect(dialog).toHaveTextContent(
      "Consumers de-duplicate by event id, so figures they already counted do not change. Only events created in the last 167 hours are replayed",
    );
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(outbox.replays).toEqual([]);

    await user.click(within(form).getByRole("button", { name: "Replay…" }));
    await user.click(screen.getByRole("button", { name: "Replay events" }));
    await waitFor(() => {
      expect(toasts()).toHaveTextContent("12 events queued for delivery");
    });
    expect(outbox.replays).toEqual([
      {
        created_from: "2026-12-01T08:00",
        created_to: "2026-12-01T10:00",
        event_type: "order_paid",
      },
    ]);
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });

  test("a range replay the API refuses shows its reason in the form", async () => {
    server.use(
      http.post(
        "/admin/outbox/replay",
        async ({ request }) => {
          outbox.replays.push(await request.json());
          return error(
            400,
            "replay_too_large",
            "The range holds 200,000 events; replay at most 100,000 at once",
          );
        },
        { once: true },
      ),
    );
    const { user } = openAsAdmin();
    await table();

    await user.click(screen.getByText("Replay a time range"));
    const form = screen.getByText("Replay a time range").closest("details")!;
    fireEvent.change(within(form).getByLabelText("From"), {
      target: { value: "2026-11-01T00:00" },
    });
    fireEvent.change(within(form).getByLabelText("To"), { target: { value: "2026-12-01T00:00" } });
    await user.click(within(form).getByRole("button", { name: "Replay…" }));
    const dialog = screen.getByRole("dialog", { name: "Replay these events?" });
    expect(dialog).toHaveTextContent("Every sent event created from 2026-11-01 00:00");
    await user.click(within(dialog).getByRole("button", { name: "Replay events" }));

    expect(await within(form).findByRole("alert")).toHaveTextContent(
      "The range holds 200,000 events; replay at most 100,000 at once",
    );
    expect(outbox.replays).toEqual([
      { created_from: "2026-11-01T00:00", created_to: "2026-12-01T00:00" },
    ]);
  });

  test("the filters go into the URL and the API's query", async () => {
    const { router, user } = openAsAdmin();
    await table();
    const filters = screen.getByRole("group", { name: "Filter events" });

    await user.selectOptions(within(filters).getByLabelText("Type"), "product_created");
    expect(router.state.location.search).toBe("?type=product_created");
    await waitFor(async () => {
      expect(await rowTexts()).toHaveLength(1);
    });
    expect(lastSearch()).toBe("?event_type=product_created&skip=0&limit=20");

    await user.selectOptions(within(filters).getByLabelText("Type"), "");
    await user.type(within(filters).getByRole("searchbox", { name: "Key" }), "41{Enter}");
    await user.selectOptions(within(filters).getByLabelText("Delivery"), "Failing");
    expect(router.state.location.search).toBe("?key=41&delivery=failing");
    await waitFor(async () => {
      expect(await rowTexts()).toEqual([expect.stringMatching(/^▸#3/)]);
    });
    expect(lastSearch()).toBe("?key=41&delivery=failing&skip=0&limit=20");

    await user.click(screen.getByRole("link", { name: "Clear filters" }));
    expect(router.state.location.search).toBe("");
    fireEvent.change(within(filters).getByLabelText("From"), { target: { value: "2026-12-01" } });
    fireEvent.change(within(filters).getByLabelText("To"), { target: { value: "2026-12-01" } });
    expect(router.state.location.search).toBe("?from=2026-12-01&to=2026-12-01");
    await waitFor(async () => {
      expect(await rowTexts()).toHaveLength(2);
    });
    expect(lastSearch()).toBe("?created_from=2026-12-01&created_to=2026-12-01&skip=0&limit=20");
  });

  test("filters come from the URL; nonsense is left out; a From after To is pointed out", async () => {
    openAsAdmin("/admin/events?type=nope&delivery=sent&from=2026-12-31&to=2026-12-01&page=0");

    expect(await screen.findByText("No events match these filters")).toBeInTheDocument();
    expect(lastSearch()).toBe(
      "?delivery=sent&created_from=2026-12-31&created_to=2026-12-01&skip=0&limit=20",
    );
    expect(screen.getByLabelText("Delivery")).toHaveValue("sent");
    expect(screen.getByText("“From” is after “To”: no event can match.")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Show every event" })).toHaveAttribute(
      "href",
      "/admin/events",
    );
  });

  test("comes twenty at a time, the page in the URL", async () => {
    outbox.events = Array.from({ length: 25 }, (_, index) =>
      anEvent({ id: index + 1, event_id: `event-${index + 1}` }),
    );
    const { router, user } = openAsAdmin("/admin/events?delivery=sent");

    expect(await rowTexts()).toHaveLength(20);
    const pages = screen.getByRole("navigation", { name: "Event pages" });
    await user.click(within(pages).getByRole("link", { name: "Page 2" }));
    expect(router.state.location.search).toBe("?delivery=sent&page=2");
    await waitFor(async () => {
      expect(await rowTexts()).toHaveLength(5);
    });
    expect(lastSearch()).toBe("?delivery=sent&skip=20&limit=20");
  });

  test("no events at all, and a page past the end", async () => {
    outbox.events = [];
    openAsAdmin("/admin/events?page=2");
    expect(await screen.findByText("No events kept")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Back to the first page" })).toBeInTheDocument();
  });

  test("when the list or the relay cannot be loaded, Try again recovers each", async () => {
    server.use(
      http.get("/admin/outbox", () => error(500, "internal_error", "Internal server error"), {
        once: true,
      }),
      http.get("/admin/outbox/relay", () => error(500, "internal_error", "Relay state failed"), {
        once: true,
      }),
    );
    const { user } = openAsAdmin();

    const relay = await relayPanel();
    const relayAlert = await within(relay).findByRole("alert");
    expect(relayAlert).toHaveTextContent("The relay's state could not be loaded");
    expect(relayAlert).toHaveTextContent("Relay state failed");
    await user.click(within(relayAlert).getByRole("button", { name: "Try again" }));
    expect(await within(relay).findByText("1,234")).toBeInTheDocument();

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("The events could not be loaded");
    await user.click(within(alert).getByRole("button", { name: "Try again" }));
    expect(await rowTexts()).toHaveLength(3);
  });

  test("the relay's state is fetched again every ten seconds while the page is in view", async () => {
    const every: (() => void)[] = [];
    const original = globalThis.setInterval;
    vi.spyOn(globalThis, "setInterval").mockImplementation(((callback: () => void, ms?: number) => {
      if (ms === 10_000) every.push(callback);
      return original(() => undefined, 1_000_000);
    }) as typeof setInterval);
    openAsAdmin();
    const relay = await relayPanel();
    expect(await within(relay).findByText("1,234")).toBeInTheDocument();
    const before = relayReads();

    outbox.relay = aRelay({ backlog: 7 });
    act(() => {
      every.at(-1)!();
    });
    expect(await within(relay).findByText("7")).toBeInTheDocument();
    expect(relayReads()).toBe(before + 1);

    const hidden = vi.spyOn(document, "hidden", "get").mockReturnValue(true);
    act(() => {
      every.at(-1)!();
    });
    expect(relayReads()).toBe(before + 1);
    hidden.mockRestore();
  });

  test("while the relay's state loads, the panel says so", async () => {
    const gate = aGate();
    server.use(
      http.get("/admin/outbox/relay", async () => {
        await gate.wait;
        return undefined;
      }),
    );
    openAsAdmin();
    expect(await screen.findByText("Loading the relay's state…")).toBeInTheDocument();
    gate.open();
    expect(await within(await relayPanel()).findByText("1,234")).toBeInTheDocument();
  });
});

describe("what a replay says it did", () => {
  test("counts the events, or explains why there were none", () => {
    const since = { replayable_from: REPLAYABLE_FROM };
    expect(replayedMessage({ replayed: 1, ...since }, "UTC")).toBe("1 event queued for delivery");
    expect(replayedMessage({ replayed: 12, ...since }, "UTC")).toBe(
      "12 events queued for delivery",
    );
    expect(replayedMessage({ replayed: 0, ...since }, "Asia/Kolkata")).toMatch(
      /created since Nov 30, 2026, 3:30\sPM can be replayed/,
    );
  });
});
