"""The platform operator: bootstrap, organisations, plans and the audit trail."""
