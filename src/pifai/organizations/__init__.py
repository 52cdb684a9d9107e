"""The acting organisation and its members."""
