"""Read serializers are derived from the field specs (api.rows); write serializers say what
curators may send. `fields` holds the shared field types and base classes."""
