import { DateTime, TimeAgo } from "@/lib/shop";

import type { LoginSession } from "@/features/account/api/sessions";

/** One device logged in to the account: what it is, from where, since when, and signing out. */
export function SessionCard({
  session,
  busy,
  onSignOut,
}: {
  session: LoginSession;
  busy: boolean;
  onSignOut: () => void;
}) {
  return (
    <li className={session.current ? "session session-current" : "session"}>
      <div className="session-info">
        <h2 className="session-device">
          {/* What the device sent is shown as text, never as markup. */}
          <span>{session.device}</span>
          {session.current && <span className="session-badge">This device</span>}
        </h2>
        <dl className="session-facts">
          <div>
            <dt>IP address</dt>
            <dd>{session.ip_address}</dd>
          </div>
          <div>
            <dt>Signed in</dt>
            <dd>
              <DateTime iso={session.created_at} />
            </dd>
          </div>
          <div>
            <dt>Last active</dt>
            <dd>{session.current ? "Now" : <TimeAgo iso={session.last_used_at} />}</dd>
          </div>
        </dl>
        {session.user_agent && (
          <p className="session-agent">
            <span className="visually-hidden">Browser details: </span>
            {session.user_agent}
          </p>
        )}
      </div>
      <button type="button" className="button session-sign-out" disabled={busy} onClick={onSignOut}>
        {busy ? "Signing out…" : "Sign out"}
        <span className="visually-hidden">
          {" "}
          {session.device}
          {session.current ? " (this device)" : ""}
        </span>
      </button>
    </li>
  );
}
