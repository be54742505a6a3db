/** The fake API's admin endpoints, one module per area of the console. */
import * as analytics from "@/testing/admin/analytics";
import * as customers from "@/testing/admin/customers";
import * as imports from "@/testing/admin/imports";
import * as orders from "@/testing/admin/orders";
import * as productEditing from "@/testing/admin/product-editing";
import * as products from "@/testing/admin/products";

const areas = [products, productEditing, imports, orders, customers, analytics];

export const adminHandlers = areas.flatMap((area) => area.handlers);

export function resetAdminBackend(): void {
  for (const area of areas) area.reset();
}
