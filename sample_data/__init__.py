"""A deterministic generator of realistic program records, and the default sample database."""
