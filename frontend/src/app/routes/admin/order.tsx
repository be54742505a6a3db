import { AdminPage } from "@/components/layouts/admin-layout";

// Placeholder while the page is being built.
export function Component() {
  return <AdminPage title="Order">{null}</AdminPage>;
}
