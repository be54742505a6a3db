import { useId } from "react";

import { plural } from "@/lib/format";

import type { CheckResult } from "@/features/admin-integrity/api/checks";
import { FindingTable } from "@/features/admin-integrity/components/finding-table";
import { titleOf } from "@/features/admin-integrity/components/labels";

function Badge({ ok }: { ok: boolean }) {
  return ok ? (
    <span className="pill pill-success">Passed</span>
  ) : (
    <span className="pill pill-danger">Failed</span>
  );
}

/** A check that found rows breaking its rule: what it checks, what it found, and the rows. */
function FailedCheck({ check }: { check: CheckResult }) {
  const headingId = useId();
  return (
    <section className="card integrity-failed" aria-labelledby={headingId}>
      <div className="integrity-check-head">
        <h3 id={headingId}>{titleOf(check.name)}</h3>
        <Badge ok={false} />
      </div>
      <p className="muted">{check.description}</p>
      <p className="integrity-finding">{check.finding}</p>
      <FindingTable check={check} />
    </section>
  );
}

/** Every check, the failed ones first (each with its rows), then those that passed. */
export function CheckList({ checks }: { checks: CheckResult[] }) {
  const failed = checks.filter((check) => !check.ok);
  const passed = checks.filter((check) => check.ok);
  return (
    <>
      {failed.length > 0 && (
        <section aria-labelledby="integrity-failed-heading" className="integrity-group">
          <h2 id="integrity-failed-heading">Problems found</h2>
          {failed.map((check) => (
            <FailedCheck key={check.name} check={check} />
          ))}
        </section>
      )}
      {passed.length > 0 && (
        <section aria-labelledby="integrity-passed-heading" className="integrity-group">
          <h2 id="integrity-passed-heading">
            Passed <span className="muted">({plural(passed.length, "check", "checks")})</span>
          </h2>
          <ul className="card integrity-passed">
            {passed.map((check) => (
              <li key={check.name}>
                <div className="integrity-check-head">
                  <h3>{titleOf(check.name)}</h3>
                  <Badge ok />
                </div>
                <p className="muted">{check.description}</p>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
