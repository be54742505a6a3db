import { DateTime } from "@/lib/shop";

import type { CustomerDetail } from "@/features/admin-customers/api/customers";
import { RolePill, StatusPill } from "@/features/admin-customers/components/labels";

export function CustomerProfile({ customer }: { customer: CustomerDetail }) {
  return (
    <section className="card customer-profile" aria-labelledby="customer-profile-heading">
      <h2 id="customer-profile-heading">Profile</h2>
      <dl className="customer-facts">
        <div>
          <dt>Username</dt>
          <dd>{customer.username}</dd>
        </div>
        <div>
          <dt>Email</dt>
          <dd className="customer-email">{customer.email}</dd>
        </div>
        <div>
          <dt>Role</dt>
          <dd>
            <RolePill role={customer.role} />
          </dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>
            <StatusPill active={customer.is_active} />
          </dd>
        </div>
        <div>
          <dt>Joined</dt>
          <dd>
            <DateTime iso={customer.created_at} />
          </dd>
        </div>
        <div>
          <dt>Last login</dt>
          <dd>{customer.last_login_at ? <DateTime iso={customer.last_login_at} /> : "Never"}</dd>
        </div>
      </dl>
    </section>
  );
}
