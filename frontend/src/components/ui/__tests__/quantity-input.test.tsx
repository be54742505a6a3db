import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";

import { QuantityInput } from "@/components/ui/quantity-input";

function Stepper({
  max,
  start = 1,
  disabled,
}: {
  max: number;
  start?: number;
  disabled?: boolean;
}) {
  const [quantity, setQuantity] = useState(start);
  return (
    <>
      <QuantityInput value={quantity} max={max} onChange={setQuantity} disabled={disabled} />
      <output>Chosen: {quantity}</output>
    </>
  );
}

test("− and + step between 1 and the maximum", async () => {
  const user = userEvent.setup();
  render(<Stepper max={3} />);
  const input = screen.getByLabelText("Quantity");
  const less = screen.getByRole("button", { name: "Decrease quantity" });
  const more = screen.getByRole("button", { name: "Increase quantity" });

  expect(input).toHaveValue(1);
  expect(less).toBeDisabled();

  await user.click(more);
  await user.click(more);
  expect(input).toHaveValue(3);
  expect(more).toBeDisabled();
  expect(less).toBeEnabled();

  await user.click(less);
  expect(input).toHaveValue(2);
});

test("a typed quantity is kept within bounds", async () => {
  const user = userEvent.setup();
  render(<Stepper max={5} />);
  const input = screen.getByLabelText("Quantity");

  await user.tripleClick(input);
  await user.keyboard("4");
  expect(screen.getByText("Chosen: 4")).toBeInTheDocument();

  await user.tripleClick(input);
  await user.keyboard("40");
  expect(screen.getByText("Chosen: 5")).toBeInTheDocument();
  expect(input).toHaveValue(5);

  await user.tripleClick(input);
  await user.keyboard("0");
  expect(screen.getByText("Chosen: 1")).toBeInTheDocument();
});

test("emptying the field to type another quantity", async () => {
  const user = userEvent.setup();
  render(<Stepper max={9} start={2} />);
  const input = screen.getByLabelText("Quantity");

  await user.click(input);
  await user.keyboard("{Backspace}");
  expect(input).toHaveDisplayValue("");
  expect(screen.getByText("Chosen: 2")).toBeInTheDocument();
  await user.keyboard("3");

  expect(input).toHaveValue(3);
  expect(screen.getByText("Chosen: 3")).toBeInTheDocument();
});

test("a field left empty shows the quantity again", async () => {
  const user = userEvent.setup();
  render(<Stepper max={9} start={2} />);
  const input = screen.getByLabelText("Quantity");
  await user.clear(input);
  expect(input).toHaveDisplayValue("");
  await user.tab();
  expect(input).toHaveValue(2);
});

test("the input says its bounds", () => {
  render(<Stepper max={7} />);
  const input = screen.getByRole("spinbutton", { name: "Quantity" });
  expect(input).toHaveAttribute("min", "1");
  expect(input).toHaveAttribute("max", "7");
});

test("a disabled input cannot be changed", () => {
  render(<Stepper max={5} start={2} disabled />);
  expect(screen.getByLabelText("Quantity")).toBeDisabled();
  expect(screen.getByRole("button", { name: "Decrease quantity" })).toBeDisabled();
  expect(screen.getByRole("button", { name: "Increase quantity" })).toBeDisabled();
});

test("its label names what it counts", () => {
  render(<QuantityInput value={1} max={2} onChange={() => undefined} label="Quantity of Sencha" />);
  expect(screen.getByLabelText("Quantity of Sencha")).toBeInTheDocument();
  expect(screen.getByRole("button", { name: "Increase quantity of sencha" })).toBeInTheDocument();
});
