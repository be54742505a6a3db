import { useEffect, useRef, useState } from "react";
import { Link } from "react-router";

import { ConfirmDialog } from "@/components/ui/dialog";
import { EmptyState, ErrorState, Loading } from "@/components/ui/status";
import { paths } from "@/config/paths";
import { toApiError } from "@/lib/api-client";
import { useLogOut } from "@/lib/auth";
import { plural } from "@/lib/format";
import { useTitle } from "@/lib/title";
import { useToast } from "@/lib/toast";

import {
  endOtherSessions,
  endSession,
  type LoginSession,
  useSessions,
} from "@/features/account/api/sessions";
import { SessionCard } from "@/features/account/components/session-card";

import "@/features/account/sessions.css";

/** The devices logged in to the account: each can be signed out, or all but this one. */
export function Sessions() {
  useTitle("Signed-in devices");
  const sessions = useSessions();
  const { notify } = useToast();
  const { logOut, loggingOut } = useLogOut();
  const heading = useRef<HTMLHeadingElement>(null);
  const [ending, setEnding] = useState<string | null>(null);
  // Signed out here: not shown again while the list is fetched anew.
  const [ended, setEnded] = useState<ReadonlySet<string>>(() => new Set());
  const [confirming, setConfirming] = useState(false);
  const [endingOthers, setEndingOthers] = useState(false);
  const [removals, setRemovals] = useState(0);

  // The button that was pressed is gone with its device: focus goes to the page's heading
  // (after the confirmation dialog, if any, has closed) rather than to the page's start.
  useEffect(() => {
    if (removals > 0) heading.current?.focus();
  }, [removals]);

  const shown = (sessions.data ?? []).filter((session) => !ended.has(session.id));
  const others = shown.filter((session) => !session.current);
  const listed = [...shown.filter((session) => session.current), ...others];

  const removed = (ids: string[]) => {
    setEnded((previous) => new Set([...previous, ...ids]));
    setRemovals((n) => n + 1);
    sessions.reload();
  };

  const signOut = async (session: LoginSession) => {
    setEnding(session.id);
    try {
      await endSession(session.id);
      notify(`Signed out ${session.device}.`);
      removed([session.id]);
    } catch (caught) {
      const error = toApiError(caught);
      if (error.code === "session_not_found") {
        notify(`${session.device} was signed out already.`);
        removed([session.id]);
      } else if (error.status !== 401) {
        // (A 401 means this session is over too: the app has logged out.)
        notify(`${session.device} could not be signed out: ${error.message}`, "error");
      }
    } finally {
      setEnding(null);
    }
  };

  const signOutOthers = async () => {
    setEndingOthers(true);
    try {
      await endOtherSessions();
      notify(`Signed out ${plural(others.length, "other device", "other devices")}.`);
      removed(others.map((session) => session.id));
    } catch (caught) {
      const error = toApiError(caught);
      if (error.status !== 401) {
        notify(`The other devices could not be signed out: ${error.message}`, "error");
      }
    } finally {
      setEndingOthers(false);
      setConfirming(false);
    }
  };

  return (
    <div className="sessions-page">
      <p>
        <Link to={paths.account}>← Your account</Link>
      </p>
      <h1 ref={heading} tabIndex={-1}>
        Signed-in devices
      </h1>
      <p className="sessions-intro">
        Your account is signed in on these devices. If you do not recognise one, sign it out and{" "}
        <Link to={paths.account}>change your password</Link>.
      </p>
      {sessions.isLoading && <Loading label="Loading your devices…" />}
      {sessions.error && (
        <ErrorState
          error={sessions.error}
          title="Your devices could not be loaded"
          onRetry={sessions.reload}
        />
      )}
      {sessions.data && listed.length === 0 && <EmptyState title="No device is signed in" />}
      {listed.length > 0 && (
        <>
          <div className="sessions-toolbar">
            <p>{plural(listed.length, "device", "devices")} signed in</p>
            {others.length > 0 && (
              <button
                type="button"
                className="button session-sign-out-all"
                onClick={() => {
                  setConfirming(true);
                }}
              >
                Sign out everywhere else
              </button>
            )}
          </div>
          <ul className="session-list">
            {listed.map((session) => (
              <SessionCard
                key={session.id}
                session={session}
                busy={session.current ? loggingOut : ending === session.id}
                onSignOut={() => {
                  if (session.current) logOut();
                  else void signOut(session);
                }}
              />
            ))}
          </ul>
          {others.length === 0 && (
            <EmptyState title="No other device is signed in">
              <p className="muted">
                When you log in on another phone, tablet or computer, it is listed here.
              </p>
            </EmptyState>
          )}
        </>
      )}
      <ConfirmDialog
        open={confirming}
        title="Sign out everywhere else?"
        confirmLabel={`Sign out ${plural(others.length, "device", "devices")}`}
        destructive
        busy={endingOthers}
        onConfirm={() => void signOutOthers()}
        onCancel={() => {
          setConfirming(false);
        }}
      >
        <p>
          {others.length === 1 ? "The other device is" : `The other ${others.length} devices are`}{" "}
          signed out at once; this one stays signed in. Signing in there again needs your password.
        </p>
      </ConfirmDialog>
    </div>
  );
}
