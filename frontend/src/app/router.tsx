import { Outlet, type RouteObject, ScrollRestoration } from "react-router";

import { ShopLayout } from "@/components/layouts/shop-layout";
import { Loading } from "@/components/ui/status";
import { routes } from "@/config/paths";

import { CatalogRoute } from "@/app/routes/shop/catalog";
import { Component as ProductRoute } from "@/app/routes/shop/product";
import { RouteError } from "@/app/routes/route-error";

function Root() {
  return (
    <ShopLayout>
      <ScrollRestoration />
      <Outlet />
    </ShopLayout>
  );
}

// The catalog and product pages, where shoppers arrive, ship in the first bundle; every other
// page is loaded when it is first visited.
export const routeObjects: RouteObject[] = [
  {
    element: <Root />,
    // Shown while the first page's code arrives when that page is not the catalog.
    hydrateFallbackElement: (
      <ShopLayout>
        <Loading />
      </ShopLayout>
    ),
    errorElement: (
      <ShopLayout>
        <RouteError />
      </ShopLayout>
    ),
    children: [
      { path: routes.home, element: <CatalogRoute /> },
      { path: routes.product, Component: ProductRoute },
      { path: routes.cart, lazy: () => import("@/app/routes/shop/cart") },
      { path: routes.checkout, lazy: () => import("@/app/routes/shop/checkout") },
      { path: routes.confirmation, lazy: () => import("@/app/routes/shop/confirmation") },
      { path: routes.login, lazy: () => import("@/app/routes/auth/login") },
      { path: routes.register, lazy: () => import("@/app/routes/auth/register") },
      { path: routes.account, lazy: () => import("@/app/routes/account/account") },
      { path: routes.sessions, lazy: () => import("@/app/routes/account/sessions") },
      { path: routes.orders, lazy: () => import("@/app/routes/account/orders") },
      { path: routes.order, lazy: () => import("@/app/routes/account/order") },
      { path: "*", lazy: () => import("@/app/routes/not-found") },
    ],
  },
  {
    // The console: its own layout and chunks, none of which a shopper's browser loads.
    path: routes.admin,
    lazy: () => import("@/app/routes/admin/root"),
    hydrateFallbackElement: <Loading />,
    errorElement: <RouteError />,
    children: [
      { index: true, lazy: () => import("@/app/routes/admin/overview") },
      { path: routes.adminProducts, lazy: () => import("@/app/routes/admin/products") },
      { path: routes.adminNewProduct, lazy: () => import("@/app/routes/admin/product-new") },
      { path: routes.adminImport, lazy: () => import("@/app/routes/admin/product-import") },
      { path: routes.adminProduct, lazy: () => import("@/app/routes/admin/product-edit") },
      { path: routes.adminOrders, lazy: () => import("@/app/routes/admin/orders") },
      { path: routes.adminOrder, lazy: () => import("@/app/routes/admin/order") },
      { path: routes.adminCustomers, lazy: () => import("@/app/routes/admin/customers") },
      { path: routes.adminCustomer, lazy: () => import("@/app/routes/admin/customer") },
      { path: routes.adminActivity, lazy: () => import("@/app/routes/admin/activity") },
      { path: routes.adminIntegrity, lazy: () => import("@/app/routes/admin/integrity") },
      { path: routes.adminEvents, lazy: () => import("@/app/routes/admin/events") },
      {
        path: routes.adminAnalytics,
        lazy: () => import("@/app/routes/admin/analytics/layout"),
        children: [
          { index: true, lazy: () => import("@/app/routes/admin/analytics/overview") },
          {
            path: routes.adminAnalyticsOrders,
            lazy: () => import("@/app/routes/admin/analytics/orders"),
          },
          {
            path: routes.adminAnalyticsUsers,
            lazy: () => import("@/app/routes/admin/analytics/users"),
          },
          {
            path: routes.adminAnalyticsProducts,
            lazy: () => import("@/app/routes/admin/analytics/products"),
          },
        ],
      },
      { path: "*", lazy: () => import("@/app/routes/not-found") },
    ],
  },
];
