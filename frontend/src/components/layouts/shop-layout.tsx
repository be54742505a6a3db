import type { ReactNode } from "react";
import { Link, NavLink, useMatch } from "react-router";

import { paths, routes } from "@/config/paths";
import { useAuth, useLogOut } from "@/lib/auth";
import { useCart } from "@/lib/cart";
import { useShop } from "@/lib/shop";

export function ShopLayout({ children }: { children: ReactNode }) {
  const shop = useShop();
  const { user } = useAuth();
  const { getTotalItems } = useCart();
  const { logOut, loggingOut } = useLogOut();
  const count = getTotalItems();
  // The account's own pages (not its orders, which have their own link) count as "Account".
  const onAccountPage = useMatch(routes.sessions) !== null;

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <div className="container header-inner">
          <Link to={paths.home} className="brand">
            <img src="/favicon.svg" alt="" width={28} height={28} />
            <span>{shop?.name ?? "\u00a0"}</span>
          </Link>
          <nav aria-label="Main" className="main-nav">
            <NavLink to={paths.home} end>
              Catalog
            </NavLink>
            {user ? (
              <>
                {user.role === "admin" && <NavLink to={paths.admin}>Admin</NavLink>}
                <NavLink to={paths.orders}>Orders</NavLink>
                <NavLink
                  to={paths.account}
                  end
                  className={({ isActive }) => (isActive || onAccountPage ? "active" : undefined)}
                >
                  Account
                </NavLink>
                <button
                  type="button"
                  className="link-button"
                  onClick={logOut}
                  disabled={loggingOut}
                >
                  Log out
                </button>
              </>
            ) : (
              <NavLink to={paths.login()}>Log in</NavLink>
            )}
            <NavLink to={paths.cart} className="cart-link">
              <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                <path
                  d="M3 4h2l2.4 11h10.2L20 8H7"
                  fill="none"
                  stroke="currentColor"
                  strokeWidth="2"
                  strokeLinecap="round"
                  strokeLinejoin="round"
                />
                <circle cx="9.5" cy="19.5" r="1.5" fill="currentColor" />
                <circle cx="16.5" cy="19.5" r="1.5" fill="currentColor" />
              </svg>
              <span>Cart</span>
              {count > 0 && (
                <>
                  {" "}
                  <span className="badge">
                    {count}
                    <span className="visually-hidden"> {count === 1 ? "item" : "items"}</span>
                  </span>
                </>
              )}
            </NavLink>
          </nav>
        </div>
      </header>
      <main id="main" className="container" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        <div className="container">
          <span>
            © {new Date().getFullYear()} {shop?.name ?? ""}
          </span>
        </div>
      </footer>
    </div>
  );
}
