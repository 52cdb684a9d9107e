"""Append-only, hash-chained audit trail (SPEC §6)."""
