import { Link } from "react-router";

import { Pagination } from "@/components/ui/pagination";
import { EmptyState, ErrorState, Loading } from "@/components/ui/status";
import { paths } from "@/config/paths";
import { formatNumber } from "@/lib/format";

import { RECORDS_PER_PAGE, useAuditRecords } from "@/features/admin-activity/api/audit";
import { ActivityFilters } from "@/features/admin-activity/components/activity-filters";
import { ActivityTable } from "@/features/admin-activity/components/activity-table";
import {
  activityHref,
  hasFilters,
  useActivityFilters,
} from "@/features/admin-activity/hooks/use-activity-filters";

import "@/features/admin-activity/activity.css";

/** The audit trail: every administrator action, newest first, narrowed by the URL's filters. */
export function ActivityLog() {
  const { query, update } = useActivityFilters();
  const records = useAuditRecords(query);
  const total = records.data?.total ?? 0;
  const pageCount = Math.ceil(total / RECORDS_PER_PAGE);
  const filtered = hasFilters(query);

  return (
    <div className="admin-activity">
      <p className="muted activity-intro">
        What administrators changed, with the values before and after. Records are kept as they were
        written: nobody can edit or delete them.
      </p>
      <ActivityFilters query={query} onChange={update} />
      {records.isLoading && <Loading label="Loading activity…" />}
      {records.error && (
        <ErrorState
          error={records.error}
          title="The activity could not be loaded"
          onRetry={records.reload}
        />
      )}
      {records.data && records.data.items.length === 0 && (
        <EmptyState title={filtered ? "No activity matches these filters" : "No activity yet"}>
          {filtered && <Link to={paths.adminActivity}>Show all activity</Link>}
          {!filtered && query.page > 1 && (
            <Link to={paths.adminActivity}>Back to the first page</Link>
          )}
        </EmptyState>
      )}
      {records.data && records.data.items.length > 0 && (
        <>
          <p className="muted activity-count" aria-live="polite">
            {formatNumber(total)} {total === 1 ? "record" : "records"}
          </p>
          <ActivityTable records={records.data.items} query={query} />
        </>
      )}
      <Pagination
        page={query.page}
        pageCount={pageCount}
        label="Activity pages"
        hrefFor={(page) => activityHref({ ...query, page })}
      />
    </div>
  );
}
