import { useId } from "react";
import { Link } from "react-router";

import { ChoiceFilter } from "@/components/ui/choice-filter";
import { DayRangeFields, isBackwards } from "@/components/ui/day-range-fields";
import { paths } from "@/config/paths";
import { useShop } from "@/lib/shop";

import { ORDER_STATUSES, type OrderQuery } from "@/features/admin-orders/api/orders";
import { CustomerFilter } from "@/features/admin-orders/components/customer-filter";
import { ORDER_STATUS_LABELS as STATUS_LABELS } from "@/components/ui/order-status";
import { hasFilters } from "@/features/admin-orders/hooks/use-order-filters";

/** Status, the days orders were placed on (in the shop's time zone) and the customer. */
export function OrderFilters({
  query,
  onChange,
}: {
  query: OrderQuery;
  onChange: (changes: Partial<Omit<OrderQuery, "page">>) => void;
}) {
  const id = useId();
  const zone = useShop()?.timezone;
  const backwards = isBackwards(query);
  const zoneHint = `${id}-zone`;
  const rangeError = `${id}-range`;
  const described = [zoneHint, backwards ? rangeError : null].filter(Boolean).join(" ");

  return (
    <div className="order-filters" role="group" aria-label="Filter orders">
      <div className="toolbar order-toolbar">
        <ChoiceFilter
          id={`${id}-status`}
          label="Status"
          anyLabel="All statuses"
          choices={ORDER_STATUSES}
          labels={STATUS_LABELS}
          value={query.status}
          onChange={(status) => {
            onChange({ status });
          }}
        />
        <DayRangeFields id={id} range={query} describedBy={described} onChange={onChange} />
        <CustomerFilter
          userId={query.customer}
          onChange={(customer) => {
            onChange({ customer });
          }}
        />
        {hasFilters(query) && (
          <Link to={paths.adminOrders} className="button button-secondary order-clear">
            Clear filters
          </Link>
        )}
      </div>
      <p className="field-hint order-zone" id={zoneHint}>
        Dates in {zone ?? "the shop's time zone"}; both days included.
      </p>
      {backwards && (
        <p className="field-error" id={rangeError}>
          “From” is after “To”: no order can match.
        </p>
      )}
    </div>
  );
}
