"""The one definition of the program records (export format v1)."""
