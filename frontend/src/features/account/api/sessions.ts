import { api, type Schemas, unwrap, unwrapEmpty } from "@/lib/api-client";
import { useQuery } from "@/lib/use-query";

export type LoginSession = Schemas["SessionRead"];
export const SESSIONS_KEY = "auth:sessions";

/** The devices logged in to the account, the most recently used first. */
export function useSessions() {
  return useQuery(SESSIONS_KEY, (signal) => unwrap(api.GET("/auth/sessions", { signal })));
}

/** Log one device out at once. */
export function endSession(id: string): Promise<void> {
  return unwrapEmpty(
    api.DELETE("/auth/sessions/{session_id}", { params: { path: { session_id: id } } }),
  );
}

/** Log out every device but this one. */
export function endOtherSessions(): Promise<void> {
  return unwrapEmpty(api.DELETE("/auth/sessions"));
}
