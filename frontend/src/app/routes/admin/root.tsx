import { Link, Outlet } from "react-router";

import { AdminLayout } from "@/components/layouts/admin-layout";
import { Loading } from "@/components/ui/status";
import { paths } from "@/config/paths";
import { RequireAuth } from "@/lib/auth";
import { useTitle } from "@/lib/title";

function NotAllowed() {
  useTitle("Not allowed");
  return (
    <main id="main" className="container state state-empty not-found">
      <h1>Not allowed</h1>
      <p>This page is for the shop&apos;s administrators. Your account cannot open it.</p>
      <Link to={paths.home} className="button button-primary">
        Go to the catalog
      </Link>
    </main>
  );
}

/** Every page under /admin: administrators only, in the console's own layout. */
export function Component() {
  return (
    <RequireAuth
      role="admin"
      fallback={<Loading label="Restoring your session…" />}
      forbidden={<NotAllowed />}
    >
      <AdminLayout>
        <Outlet />
      </AdminLayout>
    </RequireAuth>
  );
}
