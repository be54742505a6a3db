import { LoggedIn } from "@/app/routes/guard";
import { OrderList } from "@/features/orders/components/order-list";

export function Component() {
  return (
    <LoggedIn>
      <OrderList />
    </LoggedIn>
  );
}
