"""TEMPORARY (removed by the layout step of issue 15): old import path for files being
edited by others right now. Import from articles.ingestion.services.* instead."""

from .ingestion.services.review import *  # noqa: F403
from .ingestion.services.submission import *  # noqa: F403
from .ingestion.services.submission import find_known, known_outlet, submit_url  # noqa: F401
