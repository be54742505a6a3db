import { type RefObject, useEffect } from "react";
import { useBlocker } from "react-router";

import { ConfirmDialog } from "@/components/ui/dialog";

/** Asks before leaving a form with unsaved changes: another page, a reload, closing the tab. */
export function UnsavedChangesGuard({
  when,
  submitting,
}: {
  when: boolean;
  /** True while the form is being saved: the page it then goes to is not "leaving". */
  submitting: RefObject<boolean>;
}) {
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      when && !submitting.current && currentLocation.pathname !== nextLocation.pathname,
  );

  useEffect(() => {
    if (!when) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
    };
    window.addEventListener("beforeunload", warn);
    return () => {
      window.removeEventListener("beforeunload", warn);
    };
  }, [when]);

  return (
    <ConfirmDialog
      open={blocker.state === "blocked"}
      title="Leave without saving?"
      confirmLabel="Leave this page"
      destructive
      onConfirm={() => blocker.proceed?.()}
      onCancel={() => blocker.reset?.()}
    >
      <p>Your changes to this product have not been saved.</p>
    </ConfirmDialog>
  );
}
