"""TEMPORARY (removed by the layout step of issue 15): moved to core.text."""

from core.text import *  # noqa: F403
