import { api, type Schemas, unwrap } from "@/lib/api-client";

export type IntegrityReport = Schemas["IntegrityReport"];
export type CheckResult = Schemas["CheckResult"];
export type Cell = CheckResult["rows"][number][string];

/** The longest wait the outbox check may be asked to allow: a month (the API's limit). */
export const MAX_STUCK_MINUTES = 30 * 24 * 60;

/** Run every check; `stuckAfterMinutes` null for the shop's own setting. */
export function runChecks(
  stuckAfterMinutes: number | null,
  signal?: AbortSignal,
): Promise<IntegrityReport> {
  return unwrap(
    api.POST("/admin/checks", {
      params: {
        query: stuckAfterMinutes === null ? {} : { stuck_after_minutes: stuckAfterMinutes },
      },
      signal,
    }),
  );
}
