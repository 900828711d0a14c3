"""Docket sync from CourtListener: a case linked to its CourtListener docket gets the docket's
metadata beside ours and its docket entries as events citing the filed documents (drafts for
review unless an editor opted the case in). Layers inside: admin → tasks → services → client,
references → models."""
