/** Test data shaped exactly like the API's answers (typed by the generated schema). */
import type { Schemas } from "@/lib/api-client";

type Product = Schemas["ProductRead"];
type User = Schemas["UserRead"];
type Review = Schemas["ReviewRead"];
type OrderDetail = Schemas["OrderDetail"];
type LoginSession = Schemas["SessionRead"];

const NOW = "2026-11-30T10:00:00Z";

export function aProduct(fields: Partial<Product> = {}): Product {
  const id = fields.id ?? 1;
  return {
    id,
    name: `Product ${id}`,
    sku: null,
    description: "A fine product.",
    price: "10.00",
    stock: 10,
    in_stock: (fields.stock ?? 10) > 0,
    category: "tea",
    image_url: `/media/${id}.png`,
    thumbnail_url: `/media/${id}_thumb.webp`,
    is_active: true,
    average_rating: null,
    review_count: 0,
    created_at: NOW,
    updated_at: NOW,
    ...fields,
  };
}

export function aUser(fields: Partial<User> = {}): User {
  return {
    id: 7,
    email: "carla@example.com",
    username: "carla",
    role: "customer",
    is_active: true,
    created_at: NOW,
    last_login_at: NOW,
    ...fields,
  };
}

export function aReview(fields: Partial<Review> = {}): Review {
  return {
    id: 1,
    product_id: 1,
    user_id: 99,
    username: "olga",
    rating: 4,
    comment: "Lovely.",
    verified_purchase: false,
    created_at: NOW,
    updated_at: NOW,
    ...fields,
  };
}

// Where the API's order lifecycle lets an order go from each status.
export const NEXT_STATUSES: Record<OrderDetail["status"], OrderDetail["next_statuses"]> = {
  pending: ["paid", "cancelled"],
  paid: ["shipped", "cancelled"],
  shipped: ["delivered"],
  delivered: [],
  cancelled: [],
};

export function anOrder(fields: Partial<OrderDetail> = {}): OrderDetail {
  const items = fields.items ?? [
    {
      product_id: 1,
      product_name: "Product 1",
      unit_price: "10.00",
      quantity: 2,
      line_total: "20.00",
    },
  ];
  return {
    id: 41,
    user_id: 7,
    status: "pending",
    total_amount: "20.00",
    item_count: items.reduce((count, line) => count + line.quantity, 0),
    shipping_address: "Carla Doe\nMain Street 1\n10115 Berlin\nGermany",
    note: null,
    created_at: NOW,
    updated_at: NOW,
    items,
    history: [{ from_status: null, to_status: "pending", actor_id: 7, created_at: NOW }],
    customer: { id: 7, username: "carla", email: "carla@example.com" },
    next_statuses: NEXT_STATUSES[fields.status ?? "pending"],
    ...fields,
  };
}

export function tokens(access = "access-token"): Schemas["TokenPair"] {
  return { access_token: access, refresh_token: "refresh", token_type: "bearer", expires_in: 900 };
}

export const IPHONE_SAFARI =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

/** Another device's login session (not the one making the request). */
export function aSession(fields: Partial<LoginSession> = {}): LoginSession {
  return {
    id: "5f0c2a4e-8d1b-4c3a-9e7f-0a1b2c3d4e5f",
    device: "Safari on iPhone",
    user_agent: IPHONE_SAFARI,
    ip_address: "203.0.113.7",
    created_at: "2026-11-28T09:15:00Z",
    last_used_at: "2026-11-30T09:40:00Z",
    current: false,
    ...fields,
  };
}
