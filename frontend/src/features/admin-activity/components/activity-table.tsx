import { Link } from "react-router";

import { paths } from "@/config/paths";
import { DateTime } from "@/lib/shop";

import type { ActivityQuery, AuditRecord } from "@/features/admin-activity/api/audit";
import { Changes } from "@/features/admin-activity/components/changes";
import { ACTION_LABELS, OBJECT_LABELS } from "@/features/admin-activity/components/labels";
import { activityHref, NO_FILTERS } from "@/features/admin-activity/hooks/use-activity-filters";

const ID = /^[1-9]\d{0,9}$/;

/** The console's page of the object, where there is one. */
function pageOf(record: AuditRecord): string | null {
  const id = record.object_id;
  if (id === null || !ID.test(id)) return null;
  if (record.object_type === "product") return paths.adminProduct(Number(id));
  if (record.object_type === "order") return paths.adminOrder(Number(id));
  if (record.object_type === "user") return paths.adminCustomer(Number(id));
  return null;
}

function ObjectCell({ record, query }: { record: AuditRecord; query: ActivityQuery }) {
  const label = OBJECT_LABELS[record.object_type];
  if (record.object_id === null) return <span>{label}</span>;
  const name = `${label} #${record.object_id}`;
  const href = pageOf(record);
  const only = { ...NO_FILTERS, objectType: record.object_type, objectId: record.object_id };
  const filtered = query.objectType === only.objectType && query.objectId === only.objectId;
  return (
    <span className="activity-object">
      {href ? <Link to={href}>{name}</Link> : <span>{name}</span>}
      {!filtered && (
        <Link to={activityHref(only)} className="activity-history">
          History<span className="visually-hidden"> of {name}</span>
        </Link>
      )}
    </span>
  );
}

/** The records, newest first: when, who, what, to which object, and what changed. */
export function ActivityTable({
  records,
  query,
}: {
  records: AuditRecord[];
  query: ActivityQuery;
}) {
  return (
    <div className="table-scroll">
      <table className="data-table activity-table">
        <caption className="visually-hidden">Activity</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Administrator</th>
            <th scope="col">Action</th>
            <th scope="col">Object</th>
            <th scope="col">Changes</th>
          </tr>
        </thead>
        <tbody>
          {records.map((record) => (
            <tr key={record.id}>
              <th scope="row" className="activity-when">
                <DateTime iso={record.created_at} />
              </th>
              <td className="activity-actor-cell">
                <Link to={paths.adminCustomer(record.actor_id)}>{record.actor_email}</Link>
              </td>
              <td className="activity-action">{ACTION_LABELS[record.action]}</td>
              <td>
                <ObjectCell record={record} query={query} />
              </td>
              <td className="activity-changes-cell">
                <Changes record={record} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
