"""The Safety Assessor's review queue, revision requests and e-signature (SPEC §12.6)."""
