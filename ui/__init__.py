"""Page plumbing shared by app.py and pages/: roles, the guard, the sidebar."""
