"""Why the AI layer could not answer. Callers never show these as failures: they catch
:class:`AiError` and fall back to the deterministic path with ``reason`` (SPEC §14)."""

from __future__ import annotations


class AiError(Exception):
    """Base class; ``reason`` is a short sentence for the degraded result."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class AiNotConfigured(AiError):
    """No API key: nothing was sent."""


class AiUnavailable(AiError):
    """The API could not be reached or kept failing after the retries."""


class AiRequestRejected(AiError):
    """The API refused the request (400, 401, 403, 404, 413 …): retrying cannot help."""


class AiInputRejected(AiError):
    """Our own check refused the input before sending (size, media type, content)."""


class AiToolLoopExceeded(AiError):
    """The model did not submit an answer within the allowed number of turns."""


class AiInvalidOutput(AiError):
    """The answer failed validation, also after the one repair turn."""
