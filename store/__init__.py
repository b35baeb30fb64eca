"""The ground both sides stand on: the connection and its errors, the whole schema, the data
version, the summary tables and SQL loaded by name. It imports neither `queries` (the read
side) nor `ingest` (the write side); both import it."""
