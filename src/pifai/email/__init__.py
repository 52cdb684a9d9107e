"""Outgoing email: messages in Traditional Chinese and English, SMTP or a local outbox."""
