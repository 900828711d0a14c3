"""Tests that cross apps use the real servers the apps' own tests run: the SMTP mailbox of the
alerts tests and the HTTP receiver of the webhooks tests."""

from tests.alerts.conftest import fresh_rate_limits, mailbox  # noqa: F401 — fixtures
from tests.webhooks.conftest import receiver  # noqa: F401 — fixture
