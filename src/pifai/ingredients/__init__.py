"""Ingredient identity: the INCI dictionary, name normalisation, CAS validation."""
