"""Small shared building blocks for the web layer: errors, pagination, request context."""
