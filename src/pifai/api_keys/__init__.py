"""An organisation's own credentials for external services (Anthropic, ECHA, RAG),
sealed at rest, shown masked, tested through the product's own clients."""
