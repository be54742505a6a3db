import { fromCents, lineTotal, sum, toCents } from "@/lib/money";

describe("toCents", () => {
  test.each([
    ["12.50", 1250],
    ["0.10", 10],
    ["7", 700],
    ["7.5", 750],
    [" 3.05 ", 305],
    ["-0.50", -50],
    ["0", 0],
  ])("reads %j as %i cents", (amount, cents) => {
    expect(toCents(amount)).toBe(cents);
  });

  test.each(["", "abc", "1.234", "1,50", "1e3", "€5", "--1", ".50", "5."])(
    "refuses %j",
    (amount) => {
      expect(() => toCents(amount)).toThrow(RangeError);
    },
  );
});

describe("fromCents", () => {
  test.each([
    [1250, "12.50"],
    [5, "0.05"],
    [0, "0.00"],
    [-5, "-0.05"],
    [-1999, "-19.99"],
    [123456789, "1234567.89"],
  ])("writes %i cents as %j", (cents, amount) => {
    expect(fromCents(cents)).toBe(amount);
  });

  test.each([0.5, Number.NaN, Infinity, 2 ** 60])(
    "refuses %d, not a whole number of cents",
    (n) => {
      expect(() => fromCents(n)).toThrow(RangeError);
    },
  );
});

test("a line total is exact where floats are not", () => {
  expect(0.1 * 3).not.toBe(0.3); // why the cents
  expect(lineTotal("0.10", 3)).toBe("0.30");
  expect(lineTotal("19.99", 3)).toBe("59.97");
  expect(lineTotal("1.15", 100)).toBe("115.00");
  expect(lineTotal("12.50", 0)).toBe("0.00");
});

test("the sum of many lines is exact", () => {
  expect(sum(Array<string>(10).fill("0.10"))).toBe("1.00");
  expect(sum(Array<string>(1000).fill("0.01"))).toBe("10.00");
  expect(sum(["19.99", "0.01", "5.5", "74.50"])).toBe("100.00");
  expect(sum([])).toBe("0.00");
});

test("a sum refuses an amount that is not money", () => {
  expect(() => sum(["1.00", "one euro"])).toThrow("Not a money amount: one euro");
});
