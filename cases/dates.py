"""TEMPORARY (removed by the layout step of issue 15): moved to core.dates."""

from core.dates import *  # noqa: F403
from core.dates import Precision, format_partial_date, iso_partial_date, parse_partial_date  # noqa: F401
