import type { ReactNode } from "react";

import { ErrorState, Loading } from "@/components/ui/status";
import { plural } from "@/lib/format";
import { Price } from "@/lib/shop";

import { useCustomerSummary } from "@/features/admin-customers/api/customers";
import { DateOnly } from "@/features/admin-customers/components/labels";

function Figure({ label, children, note }: { label: string; children: ReactNode; note?: string }) {
  return (
    <div className="card summary-card">
      <dt>{label}</dt>
      <dd>
        <span className="summary-value">{children}</span>
        {note && <span className="summary-note muted">{note}</span>}
      </dd>
    </div>
  );
}

const when = (iso: string | null) => (iso ? <DateOnly iso={iso} /> : "—");

/** What the account is worth to the shop, and what it buys most. */
export function CustomerSummaryCards({ userId }: { userId: number }) {
  const summary = useCustomerSummary(userId);
  if (summary.isLoading) return <Loading label="Loading the summary…" />;
  if (summary.error) {
    return (
      <ErrorState
        error={summary.error}
        title="The summary could not be loaded"
        onRetry={summary.reload}
      />
    );
  }
  const data = summary.data;
  if (!data) return null;
  return (
    <>
      <section aria-labelledby="customer-summary-heading">
        <h2 id="customer-summary-heading">Summary</h2>
        <dl className="summary-cards">
          <Figure label="Lifetime value" note="Paid, shipped and delivered orders">
            <Price amount={data.lifetime_value} />
          </Figure>
          <Figure label="Orders" note={`${data.paid_order_count} paid`}>
            {data.order_count}
          </Figure>
          <Figure label="Average order">
            <Price amount={data.average_order_value} />
          </Figure>
          <Figure label="First order">{when(data.first_order_at)}</Figure>
          <Figure label="Last order">{when(data.last_order_at)}</Figure>
        </dl>
      </section>
      <section className="card" aria-labelledby="customer-categories-heading">
        <h2 id="customer-categories-heading">Favourite categories</h2>
        {data.favourite_categories.length === 0 ? (
          <p className="muted">No purchases in any category yet.</p>
        ) : (
          <ol className="favourite-categories">
            {data.favourite_categories.map((share) => (
              <li key={share.category}>
                <span>{share.category}</span>
                <span className="muted">{plural(share.units, "unit", "units")}</span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}
