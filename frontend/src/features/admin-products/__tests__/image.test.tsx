import { act, waitFor, within } from "@testing-library/react";

import { setAccessToken } from "@/lib/api-client";

import { anAdmin, productEditing } from "@/testing/admin/product-editing";
import { aProduct } from "@/testing/data";
import { http } from "@/testing/http";
import { server } from "@/testing/setup-tests";
import { backend, error, requestsTo } from "@/testing/shop-backend";
import { aGate, renderApp, screen } from "@/testing/test-utils";

function aFile(name = "teapot.png", type = "image/png", size = 2048): File {
  return new File([new Uint8Array(size)], name, { type });
}

/** An XMLHttpRequest whose upload the test moves along. */
class SlowUpload {
  url = "";
  headers: Record<string, string> = {};
  status = 0;
  responseText = "";
  upload: { onprogress: ((event: ProgressEvent) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;

  open(_method: string, url: string) {
    this.url = url;
  }

  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }

  send() {
    // The test sends the progress and the answer.
  }

  abort() {
    this.onabort?.();
  }

  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ loaded, total, lengthComputable: true } as ProgressEvent);
  }

  finish(status: number, body: unknown) {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.onload?.();
  }
}

let previews: string[];
let revoked: string[];

beforeEach(() => {
  previews = [];
  revoked = [];
  vi.spyOn(URL, "createObjectURL").mockImplementation(() => {
    const url = `blob:preview-${previews.length + 1}`;
    previews.push(url);
    return url;
  });
  vi.spyOn(URL, "revokeObjectURL").mockImplementation((url: string) => {
    revoked.push(url);
  });
});

async function openEdit(fields: Parameters<typeof aProduct>[0] = {}) {
  backend.products = [aProduct({ id: 1, name: "Teapot", ...fields })];
  const view = renderApp("/admin/products/1", { user: anAdmin() });
  await screen.findByRole("heading", { name: "Teapot", level: 1 });
  return { ...view, panel: screen.getByRole("region", { name: "Image" }) };
}

describe("the product's image", () => {
  test("a chosen file is previewed, uploaded with progress, and shown", async () => {
    const { user, panel } = await openEdit({ image_url: null, thumbnail_url: null });
    expect(within(panel).getByText("No image")).toBeInTheDocument();

    await user.upload(within(panel).getByLabelText("Choose an image"), aFile());
    expect(within(panel).getByRole("img", { name: "Chosen: teapot.png" })).toHaveAttribute(
      "src",
      "blob:preview-1",
    );
    expect(within(panel).getByText("teapot.png · 2 KB")).toBeInTheDocument();

    const gate = aGate();
    server.use(
      http.post("/products/{product_id}/image", async () => {
        await gate.wait;
        return undefined;
      }),
    );
    await user.click(within(panel).getByRole("button", { name: "Upload image" }));
    const progress = within(panel).getByRole("progressbar", { name: "Uploading the image" });
    expect(progress).toHaveAttribute("value", "0");
    expect(within(panel).getByLabelText("Choose an image")).toBeDisabled();
    gate.open();

    expect(await within(panel).findByRole("img", { name: "Teapot (current)" })).toHaveAttribute(
      "src",
      "/media/products/1-1.png",
    );
    expect(screen.getByText("Image uploaded")).toBeInTheDocument();
    expect(within(panel).queryByRole("progressbar")).not.toBeInTheDocument();
    expect(within(panel).queryByRole("img", { name: /Chosen/ })).not.toBeInTheDocument();
    expect(revoked).toEqual(["blob:preview-1"]);
    // (jsdom's FormData loses the file's name on its way through the fake network.)
    expect(productEditing.uploads).toMatchObject([{ productId: 1, type: "image/png", size: 2048 }]);
    const [sent] = requestsTo("POST", "/products/1/image");
    expect(sent?.authorization).toMatch(/^Bearer token-1-/);
  });

  test("the bar shows how much of the file was sent", async () => {
    const { user, panel } = await openEdit();
    await user.upload(within(panel).getByLabelText("Choose a new image"), aFile());
    // The fake network reports a body as sent all at once; a stand-in XMLHttpRequest shows
    // the bar between the first byte and the last.
    const sending = new SlowUpload();
    vi.stubGlobal("XMLHttpRequest", function () {
      return sending;
    });
    try {
      await user.click(within(panel).getByRole("button", { name: "Replace image" }));
      const bar = within(panel).getByRole("progressbar", { name: "Uploading the image" });
      expect(bar).toHaveAttribute("value", "0");
      act(() => {
        sending.progress(512, 2048);
      });
      expect(bar).toHaveAttribute("value", "25");
      expect(within(panel).getByText("25%", { selector: "span" })).toBeInTheDocument();
      expect(sending.headers.Authorization).toMatch(/^Bearer token-1-/);
      expect(sending.url).toBe("http://localhost:3000/products/1/image");
      act(() => {
        sending.finish(200, { ...backend.products[0], image_url: "/media/products/new.png" });
      });
    } finally {
      vi.unstubAllGlobals();
    }
    expect(await within(panel).findByRole("img", { name: "Teapot (current)" })).toHaveAttribute(
      "src",
      "/media/products/new.png",
    );
  });

  test("a file that is too big or not an image is refused before sending", async () => {
    const { user, panel } = await openEdit();
    const input = within(panel).getByLabelText("Choose a new image");

    await user.upload(input, aFile("huge.jpg", "image/jpeg", 5 * 1024 * 1024 + 1));
    expect(within(panel).getByRole("alert")).toHaveTextContent(
      "The image is 5.0 MB; images may be at most 5 MB.",
    );
    expect(input).toHaveAttribute("aria-invalid", "true");

    // The input's `accept` is a hint a file dialog may ignore: the type is checked too.
    const events = (await import("@testing-library/user-event")).default.setup({
      applyAccept: false,
    });
    await events.upload(input, aFile("notes.pdf", "application/pdf"));
    expect(within(panel).getByRole("alert")).toHaveTextContent(
      "Choose a JPEG, PNG, WebP or GIF image.",
    );
    expect(within(panel).queryByRole("button", { name: "Replace image" })).not.toBeInTheDocument();
    expect(previews).toEqual([]);
    expect(requestsTo("POST", "/products/1/image")).toEqual([]);
  });

  test("leaving the page stops the upload", async () => {
    const { user, panel, router } = await openEdit();
    await user.upload(within(panel).getByLabelText("Choose a new image"), aFile());
    const gate = aGate();
    server.use(
      http.post("/products/{product_id}/image", async () => {
        await gate.wait;
        return undefined;
      }),
    );
    await user.click(within(panel).getByRole("button", { name: "Replace image" }));
    await act(() => router.navigate("/admin"));
    gate.open();
    await waitFor(() => {
      expect(requestsTo("POST", "/products/1/image")).toHaveLength(1);
    });
    expect(screen.queryByText("Image replaced")).not.toBeInTheDocument();
  });

  test("a choice can be cancelled", async () => {
    const { user, panel } = await openEdit();
    await user.upload(within(panel).getByLabelText("Choose a new image"), aFile());
    await user.click(within(panel).getByRole("button", { name: "Cancel" }));
    expect(within(panel).queryByRole("img", { name: /Chosen/ })).not.toBeInTheDocument();
    expect(revoked).toEqual(["blob:preview-1"]);
    expect(within(panel).getByRole("button", { name: "Remove image" })).toBeInTheDocument();
  });

  test("the API's refusal is shown", async () => {
    server.use(
      http.post("/products/{product_id}/image", () =>
        error(422, "not_an_image", "The file is not a JPEG, PNG, WebP or GIF image"),
      ),
    );
    const { user, panel } = await openEdit();
    await user.upload(within(panel).getByLabelText("Choose a new image"), aFile("fake.png"));
    await user.click(within(panel).getByRole("button", { name: "Replace image" }));
    expect(await within(panel).findByRole("alert")).toHaveTextContent(
      "The file is not a JPEG, PNG, WebP or GIF image",
    );
    // The choice stays, to try again.
    expect(within(panel).getByRole("button", { name: "Replace image" })).toBeInTheDocument();
  });

  test("a network failure is said plainly", async () => {
    server.use(http.post("/products/{product_id}/image", () => Response.error()));
    const { user, panel } = await openEdit();
    await user.upload(within(panel).getByLabelText("Choose a new image"), aFile());
    await user.click(within(panel).getByRole("button", { name: "Replace image" }));
    expect(await within(panel).findByRole("alert")).toHaveTextContent(
      "Could not reach the shop. Check your connection and try again.",
    );
  });

  test("an expired session is refreshed and the upload sent again", async () => {
    const { user, panel } = await openEdit();
    setAccessToken("expired");
    await user.upload(within(panel).getByLabelText("Choose a new image"), aFile());
    await user.click(within(panel).getByRole("button", { name: "Replace image" }));

    expect(await screen.findByText("Image replaced")).toBeInTheDocument();
    const uploads = requestsTo("POST", "/products/1/image");
    expect(uploads.map((request) => request.authorization)).toEqual([
      "Bearer expired",
      expect.stringMatching(/^Bearer token-1-/),
    ]);
  });

  test("when the session cannot be refreshed, the admin is logged out", async () => {
    const { user, panel } = await openEdit();
    setAccessToken("expired");
    backend.sessionUserId = null;
    await user.upload(within(panel).getByLabelText("Choose a new image"), aFile());
    await user.click(within(panel).getByRole("button", { name: "Replace image" }));
    await waitFor(() => {
      expect(screen.queryByRole("region", { name: "Image" })).not.toBeInTheDocument();
    });
    expect(productEditing.uploads).toEqual([]);
  });

  test("is removed after confirming", async () => {
    const { user, panel } = await openEdit();
    await user.click(within(panel).getByRole("button", { name: "Remove image" }));
    const dialog = screen.getByRole("dialog", { name: "Remove the image?" });
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(requestsTo("DELETE", "/products/1/image")).toEqual([]);
    expect(within(panel).getByRole("img", { name: "Teapot (current)" })).toBeInTheDocument();

    await user.click(within(panel).getByRole("button", { name: "Remove image" }));
    await user.click(
      within(screen.getByRole("dialog", { name: "Remove the image?" })).getByRole("button", {
        name: "Remove image",
      }),
    );
    expect(await within(panel).findByText("No image")).toBeInTheDocument();
    expect(screen.getByText("Image removed")).toBeInTheDocument();
    expect(backend.products[0]?.image_url).toBeNull();
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });

  test("a failed removal says so", async () => {
    server.use(
      http.delete("/products/{product_id}/image", () => error(500, "internal_error", "Disk full")),
    );
    const { user, panel } = await openEdit();
    await user.click(within(panel).getByRole("button", { name: "Remove image" }));
    await user.click(
      within(screen.getByRole("dialog", { name: "Remove the image?" })).getByRole("button", {
        name: "Remove image",
      }),
    );
    expect(
      await screen.findByText("The image could not be removed: Disk full"),
    ).toBeInTheDocument();
    expect(within(panel).getByRole("img", { name: "Teapot (current)" })).toBeInTheDocument();
  });
});

describe("a new product's image", () => {
  async function fillIn() {
    backend.products = [];
    const view = renderApp("/admin/products/new", { user: anAdmin() });
    const { user } = view;
    await user.type(await screen.findByLabelText("Name"), "Teapot");
    await user.type(screen.getByLabelText("Price", { exact: false }), "12.50");
    return view;
  }

  test("is chosen before saving and uploaded once the product exists", async () => {
    const { user, router } = await fillIn();
    await user.upload(screen.getByLabelText("Choose an image"), aFile());
    expect(screen.getByRole("img", { name: "Chosen: teapot.png" })).toBeInTheDocument();
    const gate = aGate();
    server.use(
      http.post("/products/{product_id}/image", async () => {
        await gate.wait;
        return undefined;
      }),
    );
    await user.click(screen.getByRole("button", { name: "Create product" }));
    expect(
      await screen.findByRole("progressbar", { name: "Uploading the image" }),
    ).toBeInTheDocument();
    gate.open();

    expect(await screen.findByRole("img", { name: "Teapot (current)" })).toHaveAttribute(
      "src",
      "/media/products/1-1.png",
    );
    expect(router.state.location.pathname).toBe("/admin/products/1");
    expect(screen.getByText("Product created")).toBeInTheDocument();
  });

  test("when the upload fails the product is still created, and the page says so", async () => {
    server.use(
      http.post("/products/{product_id}/image", () =>
        error(413, "image_too_large", "Images may be at most 5 MB"),
      ),
    );
    const { user, router } = await fillIn();
    await user.upload(screen.getByLabelText("Choose an image"), aFile());
    await user.click(screen.getByRole("button", { name: "Create product" }));

    expect(
      await screen.findByText(
        "Product created, but the image was not uploaded: Images may be at most 5 MB",
      ),
    ).toBeInTheDocument();
    await waitFor(() => {
      expect(router.state.location.pathname).toBe("/admin/products/1");
    });
    expect(await screen.findByText("No image")).toBeInTheDocument();
  });
});
