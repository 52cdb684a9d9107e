"""Organisation settings and plan usage (GET/PUT /settings/org)."""
