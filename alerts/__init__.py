"""Alerts for readers: follow a case, a party or a topic by email, with no account."""
