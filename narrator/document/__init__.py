"""Words to a numbered document: block markup parsed, tables built, numbers given."""
