import { api, type Page, type Schemas, unwrap, unwrapPage } from "@/lib/api-client";
import { useQuery } from "@/lib/use-query";

export type Customer = Schemas["CustomerRead"];
export type CustomerDetail = Schemas["CustomerDetail"];
export type CustomerSummary = Schemas["CustomerSummary"];
export type CustomerSort = Schemas["CustomerSort"];
export type SortOrder = Schemas["SortOrder"];
export type RoleFilter = Schemas["RoleFilter"];
export type Role = Schemas["UserRole"];
export type AccessChange = Schemas["UserAdminUpdate"];

export const CUSTOMERS_PER_PAGE = 20;
/** Every query of this console area starts so: `invalidate` it after a change. */
export const CUSTOMERS_KEY = "admin:customers";

export interface CustomerQuery {
  q: string;
  role: RoleFilter;
  sort: CustomerSort;
  order: SortOrder;
  page: number;
}

export function getCustomers(query: CustomerQuery, signal?: AbortSignal): Promise<Page<Customer>> {
  return unwrapPage(
    api.GET("/customers/", {
      params: {
        query: {
          ...(query.q ? { q: query.q } : {}),
          role: query.role,
          sort: query.sort,
          order: query.order,
          skip: (query.page - 1) * CUSTOMERS_PER_PAGE,
          limit: CUSTOMERS_PER_PAGE,
        },
      },
      signal,
    }),
  );
}

export function useCustomers(query: CustomerQuery) {
  return useQuery(`${CUSTOMERS_KEY}:list:${JSON.stringify(query)}`, (signal) =>
    getCustomers(query, signal),
  );
}

export function useCustomer(userId: number) {
  return useQuery(`${CUSTOMERS_KEY}:${userId}`, (signal) =>
    unwrap(api.GET("/customers/{user_id}", { params: { path: { user_id: userId } }, signal })),
  );
}

export function useCustomerSummary(userId: number) {
  return useQuery(`${CUSTOMERS_KEY}:${userId}:summary`, (signal) =>
    unwrap(
      api.GET("/customers/{user_id}/summary", { params: { path: { user_id: userId } }, signal }),
    ),
  );
}

/** Deactivate or reactivate an account, or change its role. */
export function changeAccess(userId: number, changes: AccessChange): Promise<Schemas["UserRead"]> {
  return unwrap(
    api.PATCH("/users/{user_id}", { params: { path: { user_id: userId } }, body: changes }),
  );
}
