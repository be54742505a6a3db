import { api, type Page, type Schemas, unwrapPage } from "@/lib/api-client";
import { useQuery } from "@/lib/use-query";

export type AuditRecord = Schemas["AuditRecordRead"];
export type AuditAction = Schemas["AuditAction"];
export type AuditObject = Schemas["AuditObject"];
export type Administrator = Schemas["CustomerRead"];

export const RECORDS_PER_PAGE = 20;
const ACTIVITY_KEY = "admin-activity";
// The API's largest page: a shop has far fewer administrators.
const MAX_ADMINISTRATORS = 100;

/** What the trail is narrowed to; dates are calendar dates (YYYY-MM-DD) in the shop's zone. */
export interface ActivityQuery {
  actor: number | null;
  action: AuditAction | null;
  objectType: AuditObject | null;
  /** "" for any object. */
  objectId: string;
  from: string | null;
  to: string | null;
  page: number;
}

export function getAuditRecords(
  query: ActivityQuery,
  signal?: AbortSignal,
): Promise<Page<AuditRecord>> {
  return unwrapPage(
    api.GET("/admin/audit", {
      params: {
        query: {
          ...(query.actor !== null && { actor_id: query.actor }),
          ...(query.action && { action: query.action }),
          ...(query.objectType && { object_type: query.objectType }),
          ...(query.objectId && { object_id: query.objectId }),
          ...(query.from && { created_from: query.from }),
          ...(query.to && { created_to: query.to }),
          skip: (query.page - 1) * RECORDS_PER_PAGE,
          limit: RECORDS_PER_PAGE,
        },
      },
      signal,
    }),
  );
}

export function useAuditRecords(query: ActivityQuery) {
  return useQuery(`${ACTIVITY_KEY}:list:${JSON.stringify(query)}`, (signal) =>
    getAuditRecords(query, signal),
  );
}

/** Every administrator account, for choosing whose actions to show. */
export function useAdministrators() {
  return useQuery(`${ACTIVITY_KEY}:administrators`, (signal) =>
    unwrapPage(
      api.GET("/customers/", {
        params: {
          query: { role: "admin", sort: "joined", order: "asc", limit: MAX_ADMINISTRATORS },
        },
        signal,
      }),
    ),
  );
}
