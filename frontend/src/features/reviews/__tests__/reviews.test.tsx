import { within } from "@testing-library/react";

import { aProduct, aReview } from "@/testing/data";
import { http } from "@/testing/http";
import { server } from "@/testing/setup-tests";
import { backend, error } from "@/testing/shop-backend";
import { renderApp, screen } from "@/testing/test-utils";

/** The reviews section of the product page. */
async function reviewsSection(): Promise<HTMLElement> {
  return screen.findByRole("region", { name: /^Reviews/ });
}

function listedReviews(section: HTMLElement): HTMLElement[] {
  return within(section).queryAllByRole("listitem");
}

beforeEach(() => {
  backend.products = [aProduct({ id: 1, name: "Sencha" })];
});

test("reviews are listed with their author, rating, comment and date", async () => {
  backend.reviews = [
    aReview({ id: 2, username: "olga", rating: 5, comment: "Superb." }),
    aReview({ id: 1, username: "piet", rating: 2, comment: "Too bitter.", user_id: 98 }),
  ];
  renderApp("/product/1");

  const section = await reviewsSection();
  expect(await within(section).findByRole("heading", { name: "Reviews (2)" })).toBeInTheDocument();
  const [first, second] = await within(section).findAllByRole("listitem");
  expect(first).toHaveTextContent("olga");
  expect(within(first!).getByRole("img", { name: "Rated 5 out of 5" })).toBeInTheDocument();
  expect(first).toHaveTextContent("Superb.");
  expect(within(first!).getByText(/Nov 30, 2026/)).toHaveAttribute(
    "datetime",
    "2026-11-30T10:00:00Z",
  );
  expect(second).toHaveTextContent("piet");
  expect(within(second!).getByRole("img", { name: "Rated 2 out of 5" })).toBeInTheDocument();
});

test("a verified purchase is marked", async () => {
  backend.reviews = [
    aReview({ id: 1, username: "olga", verified_purchase: true }),
    aReview({ id: 2, username: "piet", user_id: 98 }),
  ];
  renderApp("/product/1");
  const [olga, piet] = await within(await reviewsSection()).findAllByRole("listitem");
  expect(await within(olga!).findByText("Verified purchase")).toBeInTheDocument();
  expect(within(piet!).queryByText("Verified purchase")).not.toBeInTheDocument();
});

test("a comment is shown as text, never as markup", async () => {
  const attack = "<img src=x onerror=alert(1)>";
  backend.reviews = [aReview({ comment: attack })];
  renderApp("/product/1");

  const section = await reviewsSection();
  const comment = await within(section).findByText(attack);
  const review = comment.closest("li")!;
  expect(review.querySelector("img")).toBeNull();
  expect(section.querySelector("img[src='x']")).toBeNull();
});

test("no reviews yet", async () => {
  renderApp("/product/1");
  const section = await reviewsSection();
  expect(await within(section).findByText("No reviews yet")).toBeInTheDocument();
  expect(within(section).getByRole("heading", { name: "Reviews (0)" })).toBeInTheDocument();
});

test("reviews come five at a time, newest first", async () => {
  backend.reviews = Array.from({ length: 7 }, (_, index) =>
    aReview({ id: 7 - index, user_id: 100 + index, comment: `Review ${7 - index}` }),
  );
  const { user } = renderApp("/product/1");
  const section = await reviewsSection();
  await within(section).findByText("Review 7");

  expect(listedReviews(section)).toHaveLength(5);
  expect(within(section).getByText("Page 1 of 2")).toBeInTheDocument();
  const newer = () => within(section).getByRole("button", { name: "Newer reviews" });
  const older = () => within(section).getByRole("button", { name: "Older reviews" });
  expect(newer()).toBeDisabled();

  await user.click(older());

  expect(await within(section).findByText("Review 2")).toBeInTheDocument();
  expect(listedReviews(section).map((item) => item.textContent)).toEqual([
    expect.stringContaining("Review 2"),
    expect.stringContaining("Review 1"),
  ]);
  expect(within(section).getByText("Page 2 of 2")).toBeInTheDocument();
  expect(older()).toBeDisabled();

  await user.click(newer());
  expect(await within(section).findByText("Review 7")).toBeInTheDocument();
});

test("a visitor is asked to log in to review, and comes back to the product", async () => {
  const { router, user } = renderApp("/product/1");
  const section = await reviewsSection();
  expect(section).toHaveTextContent("Log in to review this product.");
  expect(within(section).queryByRole("button", { name: "Post review" })).not.toBeInTheDocument();

  await user.click(within(section).getByRole("link", { name: "Log in" }));
  await user.type(await screen.findByLabelText("Email or username"), "carla");
  expect(router.state.location.search).toBe("?next=%2Fproduct%2F1");
  await user.type(screen.getByLabelText("Password"), "correct-horse");
  await user.click(screen.getByRole("button", { name: "Log in" }));

  expect(await screen.findByRole("heading", { name: "Write a review" })).toBeInTheDocument();
  expect(router.state.location.pathname).toBe("/product/1");
});

test("posting a review", async () => {
  backend.reviews = [aReview({ id: 1, username: "olga", rating: 2 })];
  const { user } = renderApp("/product/1", { user: 7 });
  const section = await reviewsSection();
  await within(section).findByRole("heading", { name: "Write a review" });

  await user.click(within(section).getByRole("button", { name: "Post review" }));
  expect(within(section).getByText("Choose from one to five stars.")).toBeInTheDocument();
  expect(backend.reviews).toHaveLength(1);

  await user.click(within(section).getByRole("radio", { name: "4 stars: Very good" }));
  const comment = within(section).getByLabelText("Your review (optional)");
  await user.type(comment, "  Fresh and sweet.  ");
  expect(within(section).getByText("20 / 2000 characters")).toBeInTheDocument();
  await user.click(within(section).getByRole("button", { name: "Post review" }));

  expect(await within(section).findByRole("heading", { name: "Your review" })).toBeInTheDocument();
  expect(backend.reviews[0]).toMatchObject({
    user_id: 7,
    rating: 4,
    comment: "Fresh and sweet.",
  });
  expect(within(section).getByRole("heading", { name: "Reviews (2)" })).toBeInTheDocument();
  expect(listedReviews(section)[0]).toHaveTextContent("You");
  // The product's rating follows.
  expect(
    await screen.findByRole("img", { name: "Rated 3 out of 5 from 2 reviews" }),
  ).toBeInTheDocument();
});

test("a refused review says why", async () => {
  server.use(
    http.post("/products/{product_id}/reviews", () =>
      error(
        409,
        "already_reviewed",
        "You have already reviewed this product; edit your review instead",
      ),
    ),
  );
  const { user } = renderApp("/product/1", { user: 7 });
  const section = await reviewsSection();
  await user.click(await within(section).findByRole("radio", { name: "5 stars: Excellent" }));
  await user.click(within(section).getByRole("button", { name: "Post review" }));

  expect(await within(section).findByRole("alert")).toHaveTextContent(
    "You have already reviewed this product; edit your review instead",
  );
  expect(within(section).getByRole("button", { name: "Post review" })).toBeEnabled();
});

test("editing your own review", async () => {
  backend.reviews = [
    aReview({ id: 3, user_id: 7, username: "carla", rating: 3, comment: "Okay." }),
  ];
  const { user } = renderApp("/product/1", { user: 7 });
  const section = await reviewsSection();
  await user.click(await within(section).findByRole("button", { name: "Edit review" }));

  expect(within(section).getByRole("heading", { name: "Edit your review" })).toBeInTheDocument();
  expect(within(section).getByRole("radio", { name: "3 stars: Good" })).toBeChecked();
  const comment = within(section).getByLabelText("Your review (optional)");
  expect(comment).toHaveValue("Okay.");

  // Cancelling changes nothing.
  await user.click(within(section).getByRole("button", { name: "Cancel" }));
  await user.click(within(section).getByRole("button", { name: "Edit review" }));

  await user.click(within(section).getByRole("radio", { name: "5 stars: Excellent" }));
  await user.clear(within(section).getByLabelText("Your review (optional)"));
  await user.type(within(section).getByLabelText("Your review (optional)"), "Better every cup.");
  await user.click(within(section).getByRole("button", { name: "Save review" }));

  expect(await within(section).findByRole("heading", { name: "Your review" })).toBeInTheDocument();
  expect(await within(section).findAllByText("Better every cup.")).not.toHaveLength(0);
  expect(backend.reviews[0]).toMatchObject({ rating: 5, comment: "Better every cup." });
});

test("deleting your own review asks first", async () => {
  backend.reviews = [aReview({ id: 3, user_id: 7, username: "carla", comment: "Meh." })];
  const { user } = renderApp("/product/1", { user: 7 });
  const section = await reviewsSection();

  await user.click(await within(section).findByRole("button", { name: "Delete review" }));
  expect(within(section).getByText("Delete your review?")).toBeInTheDocument();
  await user.click(within(section).getByRole("button", { name: "Keep it" }));
  expect(backend.reviews).toHaveLength(1);
  expect(within(section).queryByText("Delete your review?")).not.toBeInTheDocument();

  await user.click(within(section).getByRole("button", { name: "Delete review" }));
  await user.click(within(section).getByRole("button", { name: "Yes, delete it" }));

  expect(
    await within(section).findByRole("heading", { name: "Write a review" }),
  ).toBeInTheDocument();
  expect(backend.reviews).toEqual([]);
  expect(await within(section).findByText("No reviews yet")).toBeInTheDocument();
});

test("a review that could not be deleted stays, with the reason", async () => {
  backend.reviews = [aReview({ id: 3, user_id: 7, username: "carla" })];
  server.use(
    http.delete("/products/{product_id}/reviews/{review_id}", () =>
      error(403, "not_your_review", "Only the author or an administrator can delete this review"),
    ),
  );
  const { user } = renderApp("/product/1", { user: 7 });
  const section = await reviewsSection();
  await user.click(await within(section).findByRole("button", { name: "Delete review" }));
  await user.click(within(section).getByRole("button", { name: "Yes, delete it" }));

  expect(await within(section).findByRole("alert")).toHaveTextContent(
    "Only the author or an administrator can delete this review",
  );
  expect(within(section).getByRole("heading", { name: "Your review" })).toBeInTheDocument();
});

test("when the reviews cannot be loaded, Try again recovers", async () => {
  backend.reviews = [aReview({ comment: "Worth it." })];
  server.use(
    http.get("/products/{product_id}/reviews", () => error(500, "internal_error", "Oops"), {
      once: true,
    }),
  );
  const { user } = renderApp("/product/1");
  const section = await reviewsSection();
  const alert = await within(section).findByRole("alert");
  expect(alert).toHaveTextContent("The reviews could not be loaded");
  await user.click(within(alert).getByRole("button", { name: "Try again" }));
  expect(await within(section).findByText("Worth it.")).toBeInTheDocument();
});

test("when your own review cannot be loaded, Try again recovers", async () => {
  let failures = 0;
  server.use(
    http.get("/products/{product_id}/reviews", ({ query }) => {
      if (!query.get("user_id") || failures++ > 0) return undefined; // the fake answers
      return error(500, "internal_error", "Your review is unavailable");
    }),
  );
  const { user } = renderApp("/product/1", { user: 7 });
  const section = await reviewsSection();
  const alert = await within(section).findByRole("alert");
  expect(alert).toHaveTextContent("Your review is unavailable");
  await user.click(within(alert).getByRole("button", { name: "Try again" }));
  expect(
    await within(section).findByRole("heading", { name: "Write a review" }),
  ).toBeInTheDocument();
});
