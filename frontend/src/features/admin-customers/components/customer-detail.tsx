import { Link } from "react-router";

import { AdminPage } from "@/components/layouts/admin-layout";
import { EmptyState, ErrorState, Loading } from "@/components/ui/status";
import { paths } from "@/config/paths";
import { invalidate } from "@/lib/use-query";

import { CUSTOMERS_KEY, useCustomer } from "@/features/admin-customers/api/customers";
import { AccessActions } from "@/features/admin-customers/components/access-actions";
import { CustomerProfile } from "@/features/admin-customers/components/customer-profile";
import { CustomerSummaryCards } from "@/features/admin-customers/components/customer-summary";
import { RecentOrders } from "@/features/admin-customers/components/recent-orders";

import "@/features/admin-customers/customers.css";

const CRUMBS = [{ label: "Customers", to: paths.adminCustomers }];

/** One account: who it is, what it has bought, and who may change its access. */
export function CustomerDetailPage({ userId }: { userId: number }) {
  const customer = useCustomer(userId);

  if (customer.error?.status === 404) {
    return (
      <AdminPage title="Account not found" crumbs={CRUMBS}>
        <EmptyState title="There is no account with this number">
          <Link to={paths.adminCustomers} className="button">
            Back to customers
          </Link>
        </EmptyState>
      </AdminPage>
    );
  }
  if (!customer.data) {
    return (
      <AdminPage title="Customer" crumbs={CRUMBS}>
        {customer.error ? (
          <ErrorState
            error={customer.error}
            title="The account could not be loaded"
            onRetry={customer.reload}
          />
        ) : (
          <Loading label="Loading the account…" />
        )}
      </AdminPage>
    );
  }

  const data = customer.data;
  return (
    <AdminPage
      title={data.username}
      crumbs={CRUMBS}
      actions={
        <Link className="button button-secondary" to={paths.adminActivityOf("user", data.id)}>
          Activity<span className="visually-hidden"> of this account</span>
        </Link>
      }
    >
      <div className="customer-detail">
        <div className="customer-columns">
          <CustomerProfile customer={data} />
          <AccessActions
            customer={data}
            onChanged={() => {
              invalidate(CUSTOMERS_KEY);
              customer.reload();
            }}
          />
        </div>
        <CustomerSummaryCards userId={userId} />
        <RecentOrders customer={data} />
      </div>
    </AdminPage>
  );
}
