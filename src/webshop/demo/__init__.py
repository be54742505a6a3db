"""Demo data for a new shop: `webshop seed`."""
