import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createMemoryRouter, RouterProvider } from "react-router";

import { Pagination, visiblePages } from "@/components/ui/pagination";

describe("visiblePages", () => {
  test("every page when there are few", () => {
    expect(visiblePages(1, 1)).toEqual([1]);
    expect(visiblePages(3, 5)).toEqual([1, 2, 3, 4, 5]);
    expect(visiblePages(1, 7)).toEqual([1, 2, 3, null, 7]);
  });

  test("the first, the last and two either side of the current page", () => {
    expect(visiblePages(6, 20)).toEqual([1, null, 4, 5, 6, 7, 8, null, 20]);
    expect(visiblePages(1, 20)).toEqual([1, 2, 3, null, 20]);
    expect(visiblePages(20, 20)).toEqual([1, null, 18, 19, 20]);
  });

  test("no gap where the pages meet", () => {
    expect(visiblePages(4, 20)).toEqual([1, 2, 3, 4, 5, 6, null, 20]);
    expect(visiblePages(17, 20)).toEqual([1, null, 15, 16, 17, 18, 19, 20]);
  });
});

function renderPagination(page: number, pageCount: number) {
  const router = createMemoryRouter(
    [
      {
        path: "/",
        element: (
          <Pagination
            page={page}
            pageCount={pageCount}
            hrefFor={(n) => `/?page=${n}`}
            label="Results"
          />
        ),
      },
    ],
    { initialEntries: [`/?page=${page}`] },
  );
  render(<RouterProvider router={router} />);
  return router;
}

test("nothing to show when everything fits on one page", () => {
  renderPagination(1, 1);
  expect(screen.queryByRole("navigation")).not.toBeInTheDocument();
});

test("links to each page, the current one marked", () => {
  renderPagination(6, 20);
  const nav = screen.getByRole("navigation", { name: "Results" });
  const pages = within(nav)
    .getAllByRole("link", { name: /^Page \d+$/ })
    .map((link) => link.textContent);
  expect(pages).toEqual(["1", "4", "5", "6", "7", "8", "20"]);
  expect(within(nav).getByRole("link", { name: "Page 6" })).toHaveAttribute("aria-current", "page");
  expect(within(nav).getByRole("link", { name: "Page 7" })).not.toHaveAttribute("aria-current");
  expect(within(nav).getByRole("link", { name: "Previous page" })).toHaveAttribute(
    "href",
    "/?page=5",
  );
  expect(within(nav).getByRole("link", { name: "Next page" })).toHaveAttribute("href", "/?page=7");
});

test("no previous link on the first page, no next link on the last", () => {
  renderPagination(1, 3);
  expect(screen.queryByRole("link", { name: "Previous page" })).not.toBeInTheDocument();
  expect(screen.getByRole("link", { name: "Next page" })).toBeInTheDocument();
});

test("no next link on the last page", () => {
  renderPagination(3, 3);
  expect(screen.queryByRole("link", { name: "Next page" })).not.toBeInTheDocument();
  expect(screen.getByRole("link", { name: "Previous page" })).toBeInTheDocument();
});

test("following a link goes to that page", async () => {
  const router = renderPagination(1, 3);
  await userEvent.setup().click(screen.getByRole("link", { name: "Page 3" }));
  expect(router.state.location.search).toBe("?page=3");
});
