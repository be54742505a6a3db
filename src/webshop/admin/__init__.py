"""The admin console's trust tools over HTTP: the audit trail and the event delivery log."""
