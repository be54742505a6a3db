/** Every route of the web UI, and the links to them. API paths never start with these. */
export const routes = {
  home: "/",
  product: "/product/:productId",
  cart: "/cart",
  checkout: "/checkout",
  confirmation: "/checkout/confirmation/:orderId",
  login: "/login",
  register: "/register",
  account: "/account",
  sessions: "/account/sessions",
  orders: "/account/orders",
  order: "/account/orders/:orderId",
  admin: "/admin",
  adminProducts: "/admin/products",
  adminNewProduct: "/admin/products/new",
  adminImport: "/admin/products/import",
  adminProduct: "/admin/products/:productId",
  adminOrders: "/admin/orders",
  adminOrder: "/admin/orders/:orderId",
  adminCustomers: "/admin/customers",
  adminCustomer: "/admin/customers/:userId",
  adminAnalytics: "/admin/analytics",
  adminAnalyticsOrders: "/admin/analytics/orders",
  adminAnalyticsUsers: "/admin/analytics/users",
  adminAnalyticsProducts: "/admin/analytics/products",
  adminActivity: "/admin/activity",
  adminIntegrity: "/admin/integrity",
  adminEvents: "/admin/events",
} as const;

export const paths = {
  home: routes.home,
  product: (id: number) => `/product/${id}`,
  cart: routes.cart,
  checkout: routes.checkout,
  confirmation: (orderId: number) => `/checkout/confirmation/${orderId}`,
  login: (next?: string) =>
    next && next !== routes.home ? `/login?next=${encodeURIComponent(next)}` : routes.login,
  register: (next?: string) =>
    next && next !== routes.home ? `/register?next=${encodeURIComponent(next)}` : routes.register,
  account: routes.account,
  sessions: routes.sessions,
  orders: routes.orders,
  order: (id: number) => `/account/orders/${id}`,
  admin: routes.admin,
  adminProducts: routes.adminProducts,
  adminNewProduct: routes.adminNewProduct,
  adminImport: routes.adminImport,
  adminProduct: (id: number) => `/admin/products/${id}`,
  adminOrders: routes.adminOrders,
  adminOrder: (id: number) => `/admin/orders/${id}`,
  adminCustomers: routes.adminCustomers,
  adminCustomer: (id: number) => `/admin/customers/${id}`,
  adminAnalytics: routes.adminAnalytics,
  adminAnalyticsOrders: routes.adminAnalyticsOrders,
  adminAnalyticsUsers: routes.adminAnalyticsUsers,
  adminAnalyticsProducts: routes.adminAnalyticsProducts,
  adminActivity: routes.adminActivity,
  /** The audit trail of one product, order or account. */
  adminActivityOf: (objectType: "product" | "order" | "user", id: number) =>
    `${routes.adminActivity}?object_type=${objectType}&object_id=${id}`,
  adminIntegrity: routes.adminIntegrity,
  adminEvents: routes.adminEvents,
};

/** Where to go after logging in: only a path of this site, never another origin. */
export function safeNext(next: string | null): string {
  if (!next?.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return routes.home;
  return next;
}
