import type { ReactNode } from "react";
import { Link, NavLink } from "react-router";

import { Breadcrumbs, type Crumb } from "@/components/ui/breadcrumbs";
import { paths } from "@/config/paths";
import { useAuth, useLogOut } from "@/lib/auth";
import { useShop } from "@/lib/shop";
import { useTitle } from "@/lib/title";
import { ToastProvider } from "@/lib/toast";

import "@/styles/admin.css";

const SECTIONS = [
  { to: paths.adminProducts, label: "Products" },
  { to: paths.adminOrders, label: "Orders" },
  { to: paths.adminCustomers, label: "Customers" },
  { to: paths.adminAnalytics, label: "Analytics" },
  { to: paths.adminActivity, label: "Activity" },
  { to: paths.adminIntegrity, label: "Integrity" },
  { to: paths.adminEvents, label: "Events" },
];

/** The administration console's frame: its own header and navigation, apart from the shop. */
export function AdminLayout({ children }: { children: ReactNode }) {
  const shop = useShop();
  const { user } = useAuth();
  const { logOut, loggingOut } = useLogOut();

  return (
    <ToastProvider>
      <div className="app admin">
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header admin-header">
          <div className="admin-header-inner">
            <Link to={paths.admin} className="brand">
              <img src="/favicon.svg" alt="" width={28} height={28} />
              <span>{shop?.name ?? "\u00a0"}</span>
              <span className="admin-tag">Admin</span>
            </Link>
            <div className="admin-user">
              <Link to={paths.home}>View shop</Link>
              {user && <span className="muted admin-username">{user.username}</span>}
              <button type="button" className="link-button" onClick={logOut} disabled={loggingOut}>
                Log out
              </button>
            </div>
          </div>
        </header>
        <div className="admin-body">
          <nav aria-label="Administration" className="admin-nav">
            <ul>
              {SECTIONS.map((section) => (
                <li key={section.to}>
                  <NavLink to={section.to}>{section.label}</NavLink>
                </li>
              ))}
            </ul>
          </nav>
          <main id="main" className="admin-main" tabIndex={-1}>
            {children}
          </main>
        </div>
      </div>
    </ToastProvider>
  );
}

/** One admin page: where it sits (breadcrumbs), its heading and its main actions. */
export function AdminPage({
  title,
  crumbs = [],
  actions,
  children,
}: {
  title: string;
  /** The pages above this one; this page's own crumb is added. */
  crumbs?: Crumb[];
  actions?: ReactNode;
  children: ReactNode;
}) {
  useTitle(`${title} · Admin`);
  return (
    <>
      <Breadcrumbs crumbs={[{ label: "Admin", to: paths.admin }, ...crumbs, { label: title }]} />
      <div className="admin-page-header">
        <h1>{title}</h1>
        {actions && <div className="admin-page-actions">{actions}</div>}
      </div>
      {children}
    </>
  );
}
