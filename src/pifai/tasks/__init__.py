"""Long-running work tracked in the ``tasks`` table."""
