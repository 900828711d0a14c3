"""django-filter FilterSets of the API's collections, one module per app."""
