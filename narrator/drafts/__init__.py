"""Bytes to the files an analyst owns: fingerprints and safe, atomic writes."""
