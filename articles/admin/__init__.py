"""The curation admin of the articles app: `sources` (outlets, sources, adding and fetching
them, the ingestion panel) and `review` (testimony candidates and case suggestions). Importing
them registers their ModelAdmins with the admin site."""

from . import review, sources  # noqa: F401
