"""Report files in: YAML settings, the observations table and the measures catalogue, read and checked."""
