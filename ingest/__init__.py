"""The write side: build the database, and (later) read, check and load exports into it."""
