import { plural } from "@/lib/format";
import { DateTime } from "@/lib/shop";

import type { IntegrityReport } from "@/features/admin-integrity/api/checks";

function seconds(value: number): string {
  return value < 1 ? "under a second" : plural(Math.round(value), "second", "seconds");
}

/** Whether everything adds up, and when and how the checks ran. */
export function Verdict({ report }: { report: IntegrityReport }) {
  const failed = report.checks.filter((check) => !check.ok).length;
  const title = report.ok
    ? "Everything adds up"
    : failed === 1
      ? "1 check found a problem"
      : `${failed} checks found problems`;
  return (
    <div
      role="status"
      className={`integrity-verdict ${report.ok ? "integrity-ok" : "integrity-problems"}`}
    >
      <p className="integrity-verdict-title">
        <span aria-hidden="true" className="integrity-verdict-icon">
          {report.ok ? "✓" : "!"}
        </span>
        {title}
      </p>
      <p className="muted">
        Checked <DateTime iso={report.checked_at} />:{" "}
        {plural(report.checks.length, "check", "checks")} in {seconds(report.seconds)}. Outbox
        events count as stuck after {plural(report.stuck_after_minutes, "minute", "minutes")}.
      </p>
    </div>
  );
}
