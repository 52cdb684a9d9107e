"""Shared plumbing: configuration, database, security primitives, logging."""
