/** The fake API's admin endpoints, one module per area of the console. */
import * as customers from "@/testing/admin/customers";
import * as orders from "@/testing/admin/orders";
import * as products from "@/testing/admin/products";

const areas = [products, orders, customers];

export const adminHandlers = areas.flatMap((area) => area.handlers);

export function resetAdminBackend(): void {
  for (const area of areas) area.reset();
}
