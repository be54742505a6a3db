import { ErrorState, Loading } from "@/components/ui/status";

import { CheckList } from "@/features/admin-integrity/components/check-list";
import { RunForm } from "@/features/admin-integrity/components/run-form";
import { Verdict } from "@/features/admin-integrity/components/verdict";
import { useIntegrityReport } from "@/features/admin-integrity/hooks/use-integrity-report";

import "@/features/admin-integrity/integrity.css";

/** Proof that stock, orders, their summaries and the event outbox agree: run on opening. */
export function IntegrityChecks() {
  const { report, error, running, run, retry } = useIntegrityReport();

  return (
    <div className="admin-integrity">
      <p className="muted integrity-intro">
        Checks that stock matches its movements, orders their lines, the dashboard&apos;s summaries
        what they summarise, and that no event is stuck on its way to analytics. The checks only
        read: running them changes nothing.
      </p>
      <RunForm running={running} currentMinutes={report?.stuck_after_minutes} onRun={run} />
      {running && (
        <Loading label="Running the checks… On a big shop this can take up to a minute." />
      )}
      {error && <ErrorState error={error} title="The checks could not be run" onRetry={retry} />}
      {report && !error && (
        <div className="integrity-report" aria-busy={running}>
          <Verdict report={report} />
          <CheckList checks={report.checks} />
        </div>
      )}
    </div>
  );
}
