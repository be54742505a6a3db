import { ToastProvider } from "@/lib/toast";

import { LoggedIn } from "@/app/routes/guard";
import { Sessions } from "@/features/account/components/sessions";

export function Component() {
  return (
    <LoggedIn>
      <ToastProvider>
        <Sessions />
      </ToastProvider>
    </LoggedIn>
  );
}
