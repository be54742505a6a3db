import { LoggedIn } from "@/app/routes/guard";
import { useIdParam } from "@/app/routes/id-param";
import { NotFound } from "@/app/routes/not-found";
import { OrderDetailView } from "@/features/orders/components/order-detail";

export function Component() {
  const orderId = useIdParam("orderId");
  if (orderId === null) return <NotFound />;
  return (
    <LoggedIn>
      <OrderDetailView key={orderId} orderId={orderId} />
    </LoggedIn>
  );
}
