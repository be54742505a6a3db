import { useEffect, useRef, useState } from "react";
import { Link } from "react-router";

import { ConfirmDialog } from "@/components/ui/dialog";
import { ErrorState, Loading } from "@/components/ui/status";
import { paths } from "@/config/paths";
import { type ApiError, toApiError } from "@/lib/api-client";
import { plural } from "@/lib/format";
import { useToast } from "@/lib/toast";

import {
  type ImportReport,
  importFileError,
  importProducts,
  type RefusedRow,
} from "@/features/admin-products/api/import-products";
import { ImportColumns } from "@/features/admin-products/components/import-columns";
import { ImportFilePicker } from "@/features/admin-products/components/import-file-picker";
import { ImportRows, ImportSummary } from "@/features/admin-products/components/import-report";

import "@/features/admin-products/import.css";

type Stage =
  | { kind: "choosing" }
  | { kind: "checking" }
  | { kind: "checked"; report: ImportReport }
  | { kind: "imported"; report: ImportReport };

const FILE_ERRORS = new Set(["invalid_import_file", "import_too_large", "payload_too_large"]);

/** The title a failed check or import is shown under. */
function failureTitle(error: ApiError, importing: boolean): string {
  if (FILE_ERRORS.has(error.code)) return "This file cannot be imported";
  return importing ? "The import failed; nothing was imported" : "The file could not be checked";
}

/**
 * CSV import in two steps: check the file (a dry run reporting every row), then import it
 * (every row or none) once nothing is refused.
 */
export function ImportProductsPage() {
  const { notify } = useToast();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [stage, setStage] = useState<Stage>({ kind: "choosing" });
  const [failure, setFailure] = useState<{ error: ApiError; importing: boolean } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [applying, setApplying] = useState(false);
  const pending = useRef<AbortController | null>(null);

  useEffect(() => () => pending.current?.abort(), []);

  const start = () => {
    pending.current?.abort();
    const controller = new AbortController();
    pending.current = controller;
    return controller;
  };

  const choose = (chosen: File) => {
    pending.current?.abort();
    setFailure(null);
    setStage({ kind: "choosing" });
    const problem = importFileError(chosen);
    setFileError(problem);
    setFile(problem ? null : chosen);
  };

  const check = async () => {
    if (!file) return;
    const controller = start();
    setFailure(null);
    setStage({ kind: "checking" });
    try {
      const report = await importProducts(file, { dryRun: true, signal: controller.signal });
      setStage({ kind: "checked", report });
    } catch (caught) {
      if (controller.signal.aborted) return;
      setFailure({ error: toApiError(caught), importing: false });
      setStage({ kind: "choosing" });
    }
  };

  const apply = async () => {
    if (!file) return;
    const controller = start();
    setApplying(true);
    setFailure(null);
    try {
      const report = await importProducts(file, { dryRun: false, signal: controller.signal });
      setStage({ kind: "imported", report });
      notify(`Imported: ${report.created} created, ${report.updated} updated`);
    } catch (caught) {
      if (controller.signal.aborted) return;
      const error = toApiError(caught);
      setFailure({ error, importing: true });
      // What was checked no longer holds: the file must be checked again.
      setStage({ kind: "choosing" });
      notify("Nothing was imported", "error");
    } finally {
      setApplying(false);
      setConfirming(false);
    }
  };

  const startOver = () => {
    setFile(null);
    setFileError(null);
    setFailure(null);
    setStage({ kind: "choosing" });
  };

  if (stage.kind === "imported") {
    return <ImportDone report={stage.report} onAnother={startOver} />;
  }

  const report = stage.kind === "checked" ? stage.report : null;
  return (
    <div className="import-page">
      <ImportColumns />
      <section className="card import-step" aria-labelledby="import-check-heading">
        <h2 id="import-check-heading">1. Check the file</h2>
        <p>
          Checking changes nothing: it shows what the import would create, update or refuse, row by
          row.
        </p>
        <ImportFilePicker
          file={file}
          error={fileError}
          disabled={stage.kind === "checking" || applying}
          onFile={choose}
        />
        <div className="form-actions">
          <button
            type="button"
            className="button button-primary"
            disabled={!file || stage.kind === "checking" || applying}
            onClick={() => void check()}
          >
            Check file
          </button>
        </div>
        {stage.kind === "checking" && <Loading label="Checking the file…" />}
        {failure && (
          <ErrorState
            error={failure.error}
            title={failureTitle(failure.error, failure.importing)}
          />
        )}
        {failure?.error.code === "import_rejected" && (
          <RejectedRows rows={failure.error.body?.rows ?? []} />
        )}
      </section>
      {report && (
        <section className="card import-step" aria-labelledby="import-result-heading">
          <h2 id="import-result-heading">2. Import</h2>
          <ImportSummary report={report} />
          <ImportAction report={report} busy={applying} onImport={() => setConfirming(true)} />
          <ImportRows report={report} />
        </section>
      )}
      {report && (
        <ConfirmDialog
          open={confirming}
          title={`Import ${plural(report.created + report.updated, "product", "products")}?`}
          confirmLabel="Import"
          busy={applying}
          onConfirm={() => void apply()}
          onCancel={() => setConfirming(false)}
        >
          <p>
            {plural(report.created, "new product is", "new products are")} created and{" "}
            {plural(report.updated, "product is", "products are")} updated. Stock changes are
            recorded as movements with the reason “import”.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}

function ImportAction({
  report,
  busy,
  onImport,
}: {
  report: ImportReport;
  busy: boolean;
  onImport: () => void;
}) {
  const count = report.created + report.updated;
  const blocked =
    report.refused > 0
      ? "Fix the refused rows and check the file again."
      : count === 0
        ? "Nothing to import: every product already matches the file."
        : null;
  return (
    <div className="form-actions import-action">
      <button
        type="button"
        className="button button-primary"
        disabled={blocked !== null || busy}
        aria-describedby={blocked ? "import-blocked" : undefined}
        onClick={onImport}
      >
        {count > 0 ? `Import ${plural(count, "product", "products")}` : "Import products"}
      </button>
      {blocked && (
        <p id="import-blocked" className="import-blocked">
          {blocked}
        </p>
      )}
    </div>
  );
}

function RejectedRows({ rows }: { rows: RefusedRow[] }) {
  if (rows.length === 0) return null;
  return (
    <div className="import-rejected">
      <p>The products changed since the file was checked. Check it again; refused now:</p>
      <ul className="import-problems">
        {rows.slice(0, 20).map((row, index) => (
          <li key={index}>
            Line {row.row}
            {row.field && (
              <>
                , <code>{row.field}</code>
              </>
            )}
            : {row.message}
          </li>
        ))}
      </ul>
      {rows.length > 20 && <p className="muted">…and {rows.length - 20} more.</p>}
    </div>
  );
}

function ImportDone({ report, onAnother }: { report: ImportReport; onAnother: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  // The dialog's button is gone: focus goes to the result instead of the page's start.
  useEffect(() => {
    heading.current?.focus();
  }, []);
  return (
    <section className="card import-step import-done" aria-labelledby="import-done-heading">
      <h2 id="import-done-heading" ref={heading} tabIndex={-1}>
        Import complete
      </h2>
      <ImportSummary report={report} />
      <div className="form-actions">
        <Link to={paths.adminProducts} className="button button-primary">
          Back to products
        </Link>
        <button type="button" className="button button-secondary" onClick={onAnother}>
          Import another file
        </button>
      </div>
    </section>
  );
}
