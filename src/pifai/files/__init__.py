"""Uploaded documents: content sniffing, AES-256-GCM at rest, org-scoped access."""
