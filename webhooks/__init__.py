"""Webhooks for programs: endpoints that API users register, and signed deliveries of the
change feed (cases.models.Change) to them, retried, logged and re-sendable."""
