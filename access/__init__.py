"""Who may see what: the roles and what each sees (pages, identified rows or suppressed
figures), the viewer, and the two tables of access: users (who may sign in) and the audit
trail (what they did). Imports store/ only."""
