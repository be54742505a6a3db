import { Link } from "react-router";

import { paths } from "@/config/paths";
import { type User } from "@/lib/auth";
import { plural } from "@/lib/format";
import { Price } from "@/lib/shop";
import { useTitle } from "@/lib/title";

import { useOrderSummary } from "@/features/account/api/account";
import { PasswordForm } from "@/features/account/components/password-form";
import { ProfileForm } from "@/features/account/components/profile-form";

export function Account({ user }: { user: User }) {
  useTitle("Your account");
  const summary = useOrderSummary();
  return (
    <div className="account">
      <h1>Your account</h1>
      <section className="account-summary" aria-label="Your orders">
        {summary.data ? (
          <p>
            {plural(summary.data.order_count, "order", "orders")} · spent{" "}
            <Price amount={summary.data.total_spent} />
          </p>
        ) : (
          <p className="muted">{summary.error ? summary.error.message : "Loading your orders…"}</p>
        )}
        <Link to={paths.orders}>See your orders</Link>
      </section>
      <section className="account-summary" aria-label="Signed-in devices">
        <p>Where your account is signed in</p>
        <Link to={paths.sessions}>See signed-in devices</Link>
      </section>
      <div className="account-forms">
        <ProfileForm user={user} />
        <PasswordForm />
      </div>
    </div>
  );
}
