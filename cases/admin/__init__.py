"""The curation admin of the cases app. `model_admins` registers every model's ModelAdmin;
`writes`, `publishing` and `text` are the mixins every ModelAdmin and inline of both apps uses
(writes through the services, publish actions, control-character checks)."""

from . import model_admins  # noqa: F401
