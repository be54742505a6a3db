import { type ReactNode, useId } from "react";

import { formatPercentChange } from "@/lib/format";

function tone(change: string | null | undefined, inverse: boolean): string {
  if (!change || Number(change) === 0) return "kpi-flat";
  const up = Number(change) > 0;
  return up !== inverse ? "kpi-good" : "kpi-bad";
}

/** A row of figure cards under a heading (visually hidden when the page says it already). */
export function KpiGroup({
  title,
  hideTitle = false,
  compact = false,
  children,
}: {
  title: string;
  hideTitle?: boolean;
  /** A few figures in a narrow band. */
  compact?: boolean;
  children: ReactNode;
}) {
  const headingId = useId();
  return (
    <section
      className={compact ? "kpi-group kpi-compact" : "kpi-group"}
      aria-labelledby={headingId}
    >
      <h2 id={headingId} className={hideTitle ? "visually-hidden" : "kpi-group-title"}>
        {title}
      </h2>
      <div className="kpi-row">{children}</div>
    </section>
  );
}

/**
 * One figure of the period, and how it moved against the previous period when comparing
 * (a rise is good unless `inverse`, e.g. for cancellations; the sign says it, not only colour).
 */
export function KpiCard({
  title,
  value,
  comparing = false,
  change,
  previous,
  inverse = false,
  note,
}: {
  title: string;
  value: string;
  comparing?: boolean;
  /** The change in percent as the API gives it; null when there was nothing before. */
  change?: string | null;
  /** The previous period's figure, formatted. */
  previous?: string;
  inverse?: boolean;
  note?: string;
}) {
  const headingId = useId();
  return (
    <section className="card kpi-card" aria-labelledby={headingId}>
      <h3 id={headingId} className="kpi-title">
        {title}
      </h3>
      <p className="kpi-value">{value}</p>
      {comparing && (
        <p className="kpi-change">
          <span className={`kpi-delta ${tone(change, inverse)}`}>
            {formatPercentChange(change)}
          </span>{" "}
          <span className="kpi-before muted">
            {previous === undefined ? "vs the previous period" : `vs ${previous} the period before`}
          </span>
        </p>
      )}
      {note && <p className="kpi-note muted">{note}</p>}
    </section>
  );
}

/** A period's figures, and the previous period's with the change, as the API reports them. */
export interface Compared<F> {
  summary: F;
  previous?: F | null;
  change?: Partial<Record<string, string | null>> | null;
}

/** The card of one figure of `of`, compared with the previous period when that is there. */
export function ComparedCard<F, K extends keyof F & string>({
  of,
  figure,
  format,
  ...card
}: {
  title: string;
  of: Compared<F>;
  figure: K;
  format: (value: F[K]) => string;
  inverse?: boolean;
  note?: string;
}) {
  const { summary, previous, change } = of;
  return (
    <KpiCard
      {...card}
      value={format(summary[figure])}
      comparing={previous != null}
      change={change?.[figure]}
      previous={previous ? format(previous[figure]) : undefined}
    />
  );
}
