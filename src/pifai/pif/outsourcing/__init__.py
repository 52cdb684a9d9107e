"""Outsourcings: which of a product's PIF items a provider supplies (SPEC §5, §17)."""
