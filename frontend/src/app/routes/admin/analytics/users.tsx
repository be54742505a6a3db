import { UsersTab } from "@/features/admin-analytics/components/users-tab";

export function Component() {
  return <UsersTab />;
}
