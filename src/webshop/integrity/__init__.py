"""The integrity check: proof that stock, orders, summaries and the outbox agree."""
