import { Link } from "react-router";

import { Pagination } from "@/components/ui/pagination";
import { EmptyState, ErrorState, Loading } from "@/components/ui/status";
import { paths } from "@/config/paths";
import { plural } from "@/lib/format";

import {
  CUSTOMERS_PER_PAGE,
  type RoleFilter,
  useCustomers,
} from "@/features/admin-customers/api/customers";
import { CustomerSearch } from "@/features/admin-customers/components/customer-search";
import { CustomerTable } from "@/features/admin-customers/components/customer-table";
import {
  customerSearch,
  DEFAULT_QUERY,
  useCustomerQuery,
} from "@/features/admin-customers/hooks/use-customer-query";

import "@/features/admin-customers/customers.css";

const ROLES: Record<RoleFilter, { label: string; one: string; many: string }> = {
  customer: { label: "Customers", one: "customer", many: "customers" },
  admin: { label: "Administrators", one: "administrator", many: "administrators" },
  all: { label: "All accounts", one: "account", many: "accounts" },
};

/** Every account the console manages: search, filter by role, sort, page; all in the URL. */
export function CustomerList() {
  const { query, update } = useCustomerQuery();
  const customers = useCustomers(query);
  const total = customers.data?.total ?? 0;
  const pageCount = Math.ceil(total / CUSTOMERS_PER_PAGE);
  const role = ROLES[query.role];
  const filtered = query.q !== "" || query.role !== DEFAULT_QUERY.role;

  return (
    <>
      <div className="toolbar customer-toolbar">
        <CustomerSearch
          value={query.q}
          onSearch={(q) => {
            update({ q }, { replace: true });
          }}
        />
        <div className="field">
          <label htmlFor="customer-role">Show</label>
          <select
            id="customer-role"
            value={query.role}
            onChange={(event) => {
              update({ role: event.target.value as RoleFilter });
            }}
          >
            {Object.entries(ROLES).map(([value, option]) => (
              <option key={value} value={value}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      {customers.data && (
        <p className="results-count" aria-live="polite">
          {plural(total, role.one, role.many)}
          {query.q && <> matching “{query.q}”</>}
        </p>
      )}
      {customers.isLoading && <Loading label="Loading accounts…" />}
      {customers.error && (
        <ErrorState
          error={customers.error}
          title="The accounts could not be loaded"
          onRetry={customers.reload}
        />
      )}
      {customers.data?.items.length === 0 && (
        <EmptyState title={`No ${role.many} found`}>
          {filtered && (
            <Link to={paths.adminCustomers} className="button">
              Clear search and filter
            </Link>
          )}
        </EmptyState>
      )}
      {customers.data && customers.data.items.length > 0 && (
        <CustomerTable
          customers={customers.data.items}
          sort={query.sort}
          order={query.order}
          onSort={(sort, order) => {
            update({ sort, order });
          }}
        />
      )}
      <Pagination
        page={query.page}
        pageCount={pageCount}
        label="Account pages"
        hrefFor={(page) => `${paths.adminCustomers}${customerSearch({ ...query, page })}`}
      />
    </>
  );
}
