import { Link } from "react-router";

import { DataCard } from "@/components/ui/data-card";
import { OrderStatusBadge } from "@/components/ui/order-status";
import { paths } from "@/config/paths";
import type { Schemas } from "@/lib/api-client";
import { DateTime, Price } from "@/lib/shop";
import { useReloadOn } from "@/lib/use-query";

import {
  LOW_STOCK_THRESHOLD,
  type OrderStatus,
  useLowStock,
  useOrderCount,
  useRecentOrders,
  useUserStats,
} from "@/features/admin-overview/api/overview";

import "@/features/admin-overview/overview.css";

/** The products page filtered to what is running low (its filters live in its URL). */
export const LOW_STOCK_PATH = `${paths.adminProducts}?max_stock=${LOW_STOCK_THRESHOLD}`;

function ordersWith(status: OrderStatus): string {
  return `${paths.adminOrders}?status=${status}`;
}

function WaitingOrders() {
  const pending = useOrderCount("pending");
  const paid = useOrderCount("paid");
  const waiting: { status: OrderStatus; count: number | undefined; what: string }[] = [
    { status: "paid", count: paid.data, what: "paid, to be shipped" },
    { status: "pending", count: pending.data, what: "pending, awaiting payment" },
  ];
  return (
    <DataCard
      title="Orders waiting"
      isLoading={pending.isLoading || paid.isLoading}
      error={pending.error ?? paid.error}
      onRetry={() => {
        pending.reload();
        paid.reload();
      }}
    >
      <ul className="overview-counts">
        {waiting.map(({ status, count, what }) => (
          <li key={status}>
            <Link to={ordersWith(status)}>
              <span className="overview-count">{count ?? 0}</span>{" "}
              <span>
                {count === 1 ? "order" : "orders"} {what}
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </DataCard>
  );
}

/** What runs low, linking to those products. */
export function LowStock() {
  const low = useLowStock();
  const total = low.data?.total ?? 0;
  return (
    <DataCard
      title="Low stock"
      isLoading={low.isLoading}
      error={low.error}
      onRetry={low.reload}
      footer={total > 0 && <Link to={LOW_STOCK_PATH}>See all low stock</Link>}
    >
      {total === 0 ? (
        <p className="muted">No product for sale has {LOW_STOCK_THRESHOLD} or fewer in stock.</p>
      ) : (
        <>
          <p>
            <span className="overview-count">{total}</span>{" "}
            {total === 1 ? "product has" : "products have"} {LOW_STOCK_THRESHOLD} or fewer in stock.
          </p>
          <ul className="overview-list">
            {low.data?.items.map((product) => (
              <li key={product.id}>
                <Link to={paths.adminProduct(product.id)}>{product.name}</Link>
                <span className={product.stock === 0 ? "pill pill-danger" : "pill pill-warning"}>
                  {product.stock === 0 ? "Out of stock" : `${product.stock} left`}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </DataCard>
  );
}

function OrderLine({ order }: { order: Schemas["AdminOrderRead"] }) {
  return (
    <li>
      <div className="overview-order">
        <Link to={paths.adminOrder(order.id)}>Order #{order.id}</Link>
        {order.customer && <span className="muted">{order.customer.username}</span>}
      </div>
      <div className="overview-order">
        <Price amount={order.total_amount} />
        <OrderStatusBadge status={order.status} />
      </div>
      <span className="muted overview-when">
        <DateTime iso={order.created_at} />
      </span>
    </li>
  );
}

/** The latest orders; fetched again whenever `refreshOn` changes (live updates). */
export function RecentOrders({ refreshOn = 0 }: { refreshOn?: number }) {
  const orders = useRecentOrders();
  useReloadOn(refreshOn, orders.reload);
  return (
    <DataCard
      title="Recent orders"
      isLoading={orders.isLoading}
      error={orders.error}
      onRetry={orders.reload}
      footer={<Link to={paths.adminOrders}>All orders</Link>}
    >
      {orders.data?.length === 0 ? (
        <p className="muted">No orders yet.</p>
      ) : (
        <ul className="overview-list overview-orders">
          {orders.data?.map((order) => (
            <OrderLine key={order.id} order={order} />
          ))}
        </ul>
      )}
    </DataCard>
  );
}

function Customers() {
  const stats = useUserStats();
  return (
    <DataCard
      title="Customers"
      isLoading={stats.isLoading}
      error={stats.error}
      onRetry={stats.reload}
      footer={<Link to={paths.adminCustomers}>All customers</Link>}
    >
      {stats.data && (
        <dl className="overview-figures">
          <div>
            <dt>Customers</dt>
            <dd className="overview-count">{stats.data.customers}</dd>
          </div>
          <div>
            <dt>New accounts, last 7 days</dt>
            <dd className="overview-count">{stats.data.new_last_7_days}</dd>
          </div>
          {stats.data.inactive > 0 && (
            <div>
              <dt>Deactivated</dt>
              <dd className="overview-count">{stats.data.inactive}</dd>
            </div>
          )}
        </dl>
      )}
    </DataCard>
  );
}

/** What needs the shop owner today: orders to handle, stock to refill, who signed up. */
export function Overview() {
  return (
    <div className="overview-grid">
      <WaitingOrders />
      <LowStock />
      <RecentOrders />
      <Customers />
    </div>
  );
}
