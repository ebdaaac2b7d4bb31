"""The action framework: every operation a user can perform, declared once, served by one
HTML flow (`/actions/<name>/`) and one JSON API (`/api/v1/actions…`)."""
