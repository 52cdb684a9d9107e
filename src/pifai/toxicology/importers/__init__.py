"""Importers that turn public hazard lists into the toxicology engine's shipped data.

They read a local file, never fetch anything and never fill a gap with a value the file
does not state; what they cannot read is recorded, not dropped.
"""
