"""PIF versions (SPEC §12.1-5): snapshots, canonical JSON, fingerprints, change detection,
auto-draft and expiring documents. Signing (§12.6) builds on the same canonical JSON."""
