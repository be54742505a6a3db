import { CustomerDetailPage } from "@/features/admin-customers/components/customer-detail";

import { useIdParam } from "@/app/routes/id-param";
import { NotFound } from "@/app/routes/not-found";

export function Component() {
  const userId = useIdParam("userId");
  if (userId === null) return <NotFound />;
  // A new page for each account: nothing typed or opened on one carries over to the next.
  return <CustomerDetailPage key={userId} userId={userId} />;
}
