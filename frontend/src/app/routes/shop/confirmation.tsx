import { LoggedIn } from "@/app/routes/guard";
import { useIdParam } from "@/app/routes/id-param";
import { NotFound } from "@/app/routes/not-found";
import { OrderConfirmation } from "@/features/orders/components/order-confirmation";

export function Component() {
  const orderId = useIdParam("orderId");
  if (orderId === null) return <NotFound />;
  return (
    <LoggedIn>
      <OrderConfirmation orderId={orderId} />
    </LoggedIn>
  );
}
