import { paths, safeNext } from "@/config/paths";

describe("safeNext", () => {
  test.each(["/", "/cart", "/account/orders?page=2", "/?q=green%20tea#top"])(
    "keeps %j, a path of this site",
    (next) => {
      expect(safeNext(next)).toBe(next);
    },
  );

  test.each([
    null,
    "",
    "cart",
    "//evil.com",
    "//evil.com/login",
    "https://evil.com",
    "http://localhost:3000/cart",
    "javascript:alert(1)",
    "/\\evil.com",
    "/\\\\evil.com",
  ])("sends %j to the catalog instead", (next) => {
    expect(safeNext(next)).toBe("/");
  });
});

test("login and register links carry where to come back to, except home", () => {
  expect(paths.login()).toBe("/login");
  expect(paths.login("/")).toBe("/login");
  expect(paths.login("/checkout")).toBe("/login?next=%2Fcheckout");
  expect(paths.login("/?q=tea&page=2")).toBe("/login?next=%2F%3Fq%3Dtea%26page%3D2");
  expect(paths.register("/cart")).toBe("/register?next=%2Fcart");
  expect(paths.register("/")).toBe("/register");
});

test("links to one thing name it by id", () => {
  expect(paths.product(12)).toBe("/product/12");
  expect(paths.order(41)).toBe("/account/orders/41");
  expect(paths.confirmation(41)).toBe("/checkout/confirmation/41");
});
