import { useCallback, useEffect, useState } from "react";

import { type ApiError, toApiError } from "@/lib/api-client";

import { type IntegrityReport, runChecks } from "@/features/admin-integrity/api/checks";

interface Run {
  /** Counts the runs asked for: a new one starts the checks again. */
  attempt: number;
  minutes: number | null;
}

interface Answer {
  attempt: number;
  report?: IntegrityReport;
  error?: ApiError;
}

/**
 * The checks, run when the page opens and again on `run(minutes)`. The last report stays
 * shown while the checks run again; leaving the page cancels a run.
 */
export function useIntegrityReport() {
  const [wanted, setWanted] = useState<Run>({ attempt: 0, minutes: null });
  const [answer, setAnswer] = useState<Answer>({ attempt: -1 });

  useEffect(() => {
    const controller = new AbortController();
    runChecks(wanted.minutes, controller.signal).then(
      (report) => {
        setAnswer({ attempt: wanted.attempt, report });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) {
          setAnswer({ attempt: wanted.attempt, error: toApiError(error) });
        }
      },
    );
    return () => {
      controller.abort();
    };
  }, [wanted]);

  const run = useCallback((minutes: number | null) => {
    setWanted((current) => ({ attempt: current.attempt + 1, minutes }));
  }, []);

  /** The last run again, with the same minutes. */
  const retry = useCallback(() => {
    setWanted((current) => ({ ...current, attempt: current.attempt + 1 }));
  }, []);

  const running = answer.attempt !== wanted.attempt;
  return {
    report: answer.report,
    // An earlier run's failure is not shown while the checks run again.
    error: running ? undefined : answer.error,
    running,
    run,
    retry,
  };
}
