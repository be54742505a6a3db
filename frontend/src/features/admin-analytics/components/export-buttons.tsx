import { useState } from "react";

import { toApiError } from "@/lib/api-client";
import { saveFile } from "@/lib/download";
import { useToast } from "@/lib/toast";

import {
  type ApiPeriod,
  exportReport,
  type Report,
} from "@/features/admin-analytics/api/analytics";

/** Download the tab's reports as CSV for the chosen range. */
export function ExportButtons({
  reports,
  period,
}: {
  reports: readonly { report: Report; label: string }[];
  period: ApiPeriod;
}) {
  const { notify } = useToast();
  const [busy, setBusy] = useState<Report | null>(null);

  const download = async (report: Report) => {
    setBusy(report);
    try {
      const file = await exportReport(report, period);
      saveFile(file);
      notify(`Exported ${file.filename}`);
    } catch (caught) {
      notify(`The export failed. ${toApiError(caught).message}`, "error");
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      {reports.map(({ report, label }) => (
        <button
          key={report}
          type="button"
          className="button"
          disabled={busy !== null}
          aria-busy={busy === report}
          onClick={() => void download(report)}
        >
          {busy === report ? "Exporting…" : label}
        </button>
      ))}
    </>
  );
}
