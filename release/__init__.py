"""The funder release: what every funder is served, built once per data version and kept.

`model` writes the release as cells over atoms, `rounding` rounds its counts, `disclosure`
audits what they let a funder work out, `protection` hides what the audit finds exposed,
`build` makes the release (quarters, then whole years), `kept` keeps it in the dashboard's own
records, `funnel` and `summary` compare programs on it, and `__main__` is its command
(docs/DISCLOSURE.md).
"""
