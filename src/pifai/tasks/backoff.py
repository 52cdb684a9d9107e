"""Retry delays (SPEC §8): 1 s, 2 s, 4 s … doubling, capped at 300 s."""

from __future__ import annotations


def retry_delay_seconds(failed_attempt: int, *, base: float = 1.0, cap: float = 300.0) -> float:
    """Delay before the run that follows failed attempt number ``failed_attempt`` (1-based)."""
    if failed_attempt < 1:
        raise ValueError("attempts are numbered from 1")
    exponent = min(failed_attempt - 1, 62)  # 2**62 s is past any cap; avoids huge floats
    return float(min(base * (2**exponent), cap))
