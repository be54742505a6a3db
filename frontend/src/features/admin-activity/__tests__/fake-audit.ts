/** The audit trail as the API answers it, for these tests: `trail.records`, newest first. */
import type { Schemas } from "@/lib/api-client";

import { http } from "@/testing/http";
import { server } from "@/testing/setup-tests";

export type AuditRecord = Schemas["AuditRecordRead"];

export const trail: { records: AuditRecord[] } = { records: [] };

export function aRecord(fields: Partial<AuditRecord> = {}): AuditRecord {
  return {
    id: 1,
    created_at: "2026-12-01T09:30:00Z",
    actor_id: 1,
    actor_email: "ada@example.com",
    action: "product.updated",
    object_type: "product",
    object_id: "12",
    before: { price: "10.00" },
    after: { price: "12.50" },
    ...fields,
  };
}

/** Answer GET /admin/audit from `trail.records`, filtered as the API filters them (days in UTC). */
export function serveTrail(): void {
  server.use(
    http.get("/admin/audit", ({ query, response }) => {
      const actor = query.get("actor_id");
      const action = query.get("action");
      const type = query.get("object_type");
      const objectId = query.get("object_id");
      const from = query.get("created_from");
      const to = query.get("created_to");
      const matches = trail.records
        .filter(
          (record) =>
            (!actor || record.actor_id === Number(actor)) &&
            (!action || record.action === action) &&
            (!type || record.object_type === type) &&
            (!objectId || record.object_id === objectId) &&
            (!from || record.created_at.slice(0, 10) >= from) &&
            (!to || record.created_at.slice(0, 10) <= to),
        )
        .toSorted((a, b) => b.created_at.localeCompare(a.created_at) || b.id - a.id);
      const skip = Number(query.get("skip") ?? 0);
      const limit = Number(query.get("limit") ?? 20);
      return response(200).json(matches.slice(skip, skip + limit), {
        headers: { "X-Total-Count": String(matches.length) },
      });
    }),
  );
}
