import { useAuth } from "@/lib/auth";

import { LoggedIn } from "@/app/routes/guard";
import { Account } from "@/features/account/components/account";

function AccountPage() {
  const { user } = useAuth();
  return user ? <Account user={user} /> : null;
}

export function Component() {
  return (
    <LoggedIn>
      <AccountPage />
    </LoggedIn>
  );
}
