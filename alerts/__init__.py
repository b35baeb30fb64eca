"""Digests and alerts by mail: the same rules as the Overview's "today" (queries/today.py),
composed per user of the users table for their role and programs, sent over SMTP by
`python -m alerts send` (cron), each message kept and audited."""
