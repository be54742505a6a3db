import type { ReactNode } from "react";

import { Loading } from "@/components/ui/status";
import { RequireAuth } from "@/lib/auth";

export function LoggedIn({ children }: { children: ReactNode }) {
  return (
    <RequireAuth fallback={<Loading label="Restoring your session…" />}>{children}</RequireAuth>
  );
}
