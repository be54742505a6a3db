"""The audit trail: every administrator action, with its values before and after, recorded in
the transaction of the change."""
