"""The curation admin of the cases app. `model_admins` registers every model's ModelAdmin (with
the inlines of `inlines`), `members` the User admin's "Add member" form; `writes`, `publishing`,
`text` and `pickers` are the mixins every ModelAdmin and inline of both apps uses (writes through
the services, publish actions and the review queue, control-character checks, source pickers)."""

# Importing them registers their ModelAdmins.
from . import members, model_admins  # noqa: F401
