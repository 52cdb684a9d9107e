"""Products: the unit a PIF is kept for."""
