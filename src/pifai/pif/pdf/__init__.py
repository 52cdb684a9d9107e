"""The regulatory PIF PDF behind the API (SPEC §13, §17): rendered by a worker task for
the current state or a stored version, cached by the fingerprint of what it shows."""
