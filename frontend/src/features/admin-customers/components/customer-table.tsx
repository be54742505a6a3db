import { Link } from "react-router";

import { paths } from "@/config/paths";
import { Price } from "@/lib/shop";

import type { Customer, CustomerSort, SortOrder } from "@/features/admin-customers/api/customers";
import { DateOnly, RolePill, StatusPill } from "@/features/admin-customers/components/labels";

interface Sorting {
  sort: CustomerSort;
  order: SortOrder;
  onSort: (sort: CustomerSort, order: SortOrder) => void;
}

/** A column header that sorts: newest, most or highest first, then the other way round. */
function SortHeader({
  column,
  label,
  directions,
  numeric = false,
  sorting,
}: {
  column: CustomerSort;
  label: string;
  /** How each direction reads: "newest first", "oldest first". */
  directions: Record<SortOrder, string>;
  numeric?: boolean;
  sorting: Sorting;
}) {
  const current = sorting.sort === column;
  const next: SortOrder = current && sorting.order === "desc" ? "asc" : "desc";
  const arrow = !current ? "↕" : sorting.order === "desc" ? "↓" : "↑";
  return (
    <th
      scope="col"
      className={numeric ? "numeric" : undefined}
      aria-sort={current ? (sorting.order === "desc" ? "descending" : "ascending") : "none"}
    >
      <button
        type="button"
        className="sort-button"
        aria-label={`${label}, sort ${directions[next]}`}
        onClick={() => {
          sorting.onSort(column, next);
        }}
      >
        {label}
        <span aria-hidden="true" className="sort-arrow">
          {arrow}
        </span>
      </button>
    </th>
  );
}

export function CustomerTable({ customers, ...sorting }: { customers: Customer[] } & Sorting) {
  return (
    <div className="table-scroll">
      <table className="data-table customer-table">
        <caption className="visually-hidden">Accounts</caption>
        <thead>
          <tr>
            <th scope="col">Username</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <SortHeader
              column="joined"
              label="Joined"
              directions={{ desc: "newest first", asc: "oldest first" }}
              sorting={sorting}
            />
            <SortHeader
              column="orders"
              label="Orders"
              directions={{ desc: "most first", asc: "fewest first" }}
              numeric
              sorting={sorting}
            />
            <SortHeader
              column="spent"
              label="Spent"
              directions={{ desc: "highest first", asc: "lowest first" }}
              numeric
              sorting={sorting}
            />
            <th scope="col">Last order</th>
          </tr>
        </thead>
        <tbody>
          {customers.map((customer) => (
            <tr key={customer.id}>
              <th scope="row" className="customer-name">
                <Link to={paths.adminCustomer(customer.id)}>{customer.username}</Link>
              </th>
              <td className="customer-email">{customer.email}</td>
              <td>
                <RolePill role={customer.role} />
              </td>
              <td>
                <StatusPill active={customer.is_active} />
              </td>
              <td>
                <DateOnly iso={customer.created_at} />
              </td>
              <td className="numeric">{customer.order_count}</td>
              <td className="numeric">
                <Price amount={customer.total_spent} />
              </td>
              <td>
                {customer.last_order_at ? (
                  <DateOnly iso={customer.last_order_at} />
                ) : (
                  <span className="muted">Never</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
