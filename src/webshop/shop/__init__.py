"""The shop's public facts: its name, currency and time zone, from the settings."""
