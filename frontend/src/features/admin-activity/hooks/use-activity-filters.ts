import { useCallback, useMemo } from "react";
import { useSearchParams } from "react-router";

import { paths } from "@/config/paths";

import type { ActivityQuery } from "@/features/admin-activity/api/audit";
import { ACTIONS, OBJECT_TYPES } from "@/features/admin-activity/components/labels";

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_ID = 2 ** 31 - 1;
/** The longest object id the API takes. */
export const OBJECT_ID_MAX = 64;

function positive(value: string | null): number | null {
  if (!value || !/^[1-9]\d{0,9}$/.test(value)) return null;
  const number = Number(value);
  return number <= MAX_ID ? number : null;
}

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | null {
  return allowed.find((option) => option === value) ?? null;
}

/** The trail's filters as the URL holds them; anything the URL gets wrong is left out. */
export function parseActivityQuery(params: URLSearchParams): ActivityQuery {
  const date = (name: string) => {
    const value = params.get(name);
    return value && DATE.test(value) && !Number.isNaN(Date.parse(value)) ? value : null;
  };
  return {
    actor: positive(params.get("actor")),
    action: oneOf(params.get("action"), ACTIONS),
    objectType: oneOf(params.get("object_type"), OBJECT_TYPES),
    objectId: (params.get("object_id") ?? "").trim().slice(0, OBJECT_ID_MAX),
    from: date("from"),
    to: date("to"),
    page: positive(params.get("page")) ?? 1,
  };
}

/** The URL query of the trail with `query` (the first page and empty filters left out). */
function activityParams(query: ActivityQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.actor !== null) params.set("actor", String(query.actor));
  if (query.action) params.set("action", query.action);
  if (query.objectType) params.set("object_type", query.objectType);
  if (query.objectId) params.set("object_id", query.objectId);
  if (query.from) params.set("from", query.from);
  if (query.to) params.set("to", query.to);
  if (query.page > 1) params.set("page", String(query.page));
  return params;
}

export const NO_FILTERS: ActivityQuery = {
  actor: null,
  action: null,
  objectType: null,
  objectId: "",
  from: null,
  to: null,
  page: 1,
};

export function activityHref(query: ActivityQuery): string {
  const search = activityParams(query).toString();
  return search ? `${paths.adminActivity}?${search}` : paths.adminActivity;
}

export function hasFilters(query: ActivityQuery): boolean {
  return activityHref({ ...query, page: 1 }) !== paths.adminActivity;
}

/** The filters in the URL, and a change to them that starts again at the first page. */
export function useActivityFilters() {
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => parseActivityQuery(params), [params]);
  const update = useCallback(
    (changes: Partial<Omit<ActivityQuery, "page">>) => {
      const next = { ...parseActivityQuery(params), ...changes, page: 1 };
      setParams(activityParams(next));
    },
    [params, setParams],
  );
  return { query, update };
}
