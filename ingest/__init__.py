"""The write side: build the database; read, check and load exports into it, and undo."""
