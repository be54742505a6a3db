import type { AuditAction, AuditObject } from "@/features/admin-activity/api/audit";

/** Every action the trail records, as people read it (a new action fails to compile here). */
export const ACTION_LABELS: Record<AuditAction, string> = {
  "product.created": "Product created",
  "product.updated": "Product updated",
  "product.deleted": "Product deleted",
  "product.restored": "Product restored",
  "product.stock_changed": "Stock changed",
  "product.image_changed": "Image changed",
  "products.bulk_updated": "Bulk edit",
  "products.imported": "Import",
  "order.status_changed": "Order status changed",
  "user.updated": "Account access changed",
  "review.deleted": "Review deleted",
  "events.replayed": "Events replayed",
};

export const ACTIONS = Object.keys(ACTION_LABELS) as AuditAction[];

export const OBJECT_LABELS: Record<AuditObject, string> = {
  product: "Product",
  order: "Order",
  user: "Account",
  review: "Review",
  import: "Import",
  events: "Events",
};

export const OBJECT_TYPES = Object.keys(OBJECT_LABELS) as AuditObject[];
