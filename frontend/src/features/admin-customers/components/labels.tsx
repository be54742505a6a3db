import { formatDate } from "@/lib/format";
import { useShop } from "@/lib/shop";

import type { Role } from "@/features/admin-customers/api/customers";

export const ROLE_LABELS: Record<Role, string> = {
  customer: "Customer",
  admin: "Administrator",
};

export function RolePill({ role }: { role: Role }) {
  return (
    <span className={role === "admin" ? "pill pill-role-admin" : "pill"}>{ROLE_LABELS[role]}</span>
  );
}

export function StatusPill({ active }: { active: boolean }) {
  return active ? (
    <span className="pill pill-success">Active</span>
  ) : (
    <span className="pill pill-danger">Deactivated</span>
  );
}

/** A day as the shop's calendar shows it, where the time of day would only crowd a table. */
export function DateOnly({ iso }: { iso: string }) {
  const shop = useShop();
  return <time dateTime={iso}>{formatDate(iso, shop?.timezone ?? "UTC")}</time>;
}
