import { render, screen } from "@testing-library/react";

import { ProductImage } from "@/components/ui/product-image";
import { RatingStars } from "@/components/ui/rating-stars";

describe("RatingStars", () => {
  test("a screen reader hears the rating, rounded to one decimal, and the number of reviews", () => {
    render(<RatingStars rating={4.25} count={12} />);
    expect(
      screen.getByRole("img", { name: "Rated 4.3 out of 5 from 12 reviews" }),
    ).toBeInTheDocument();
  });

  test("one review is a review", () => {
    render(<RatingStars rating={5} count={1} />);
    expect(screen.getByRole("img", { name: "Rated 5 out of 5 from 1 review" })).toBeInTheDocument();
  });

  test("a single review's stars without a count", () => {
    render(<RatingStars rating={3} />);
    expect(screen.getByRole("img", { name: "Rated 3 out of 5" })).toBeInTheDocument();
  });

  test("no rating yet", () => {
    const { rerender } = render(<RatingStars rating={null} count={0} />);
    expect(screen.getByText("No reviews yet")).toBeInTheDocument();
    rerender(<RatingStars rating={null} />);
    expect(screen.getByText("Not rated")).toBeInTheDocument();
    expect(screen.queryByRole("img")).not.toBeInTheDocument();
  });
});

describe("ProductImage", () => {
  test("a picture with its description, loaded lazily unless it is needed at once", () => {
    const { rerender } = render(<ProductImage src="/media/1.png" alt="Sencha" size={400} />);
    const image = screen.getByRole("img", { name: "Sencha" });
    expect(image).toHaveAttribute("src", "/media/1.png");
    expect(image).toHaveAttribute("loading", "lazy");
    expect(image).not.toHaveAttribute("fetchpriority");

    rerender(<ProductImage src="/media/1.png" alt="Sencha" size={400} eager />);
    expect(screen.getByRole("img", { name: "Sencha" })).toHaveAttribute("loading", "eager");
    expect(screen.getByRole("img", { name: "Sencha" })).toHaveAttribute("fetchpriority", "high");
  });

  test("a placeholder, still named, when there is no picture", () => {
    render(<ProductImage src={null} alt="Sencha" size={400} />);
    const placeholder = screen.getByRole("img", { name: "Sencha" });
    expect(placeholder.tagName).not.toBe("IMG");
  });
});
