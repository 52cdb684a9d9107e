"""Login throttling: N failures per account (and M per client address) in a window.

The decision is a pure function of the failure timestamps, so it is tested without
waiting; the lock lifts when enough failures age out of the window.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta


def retry_after_seconds(
    failures_newest_first: list[datetime], *, limit: int, window: timedelta, now: datetime
) -> int | None:
    """Seconds until another attempt is allowed, or None when it is allowed now."""
    in_window = [t for t in failures_newest_first if t > now - window]
    if len(in_window) < limit:
        return None
    # Allowed again once the limit-th newest failure leaves the window.
    unlock_at = in_window[limit - 1] + window
    return max(1, math.ceil((unlock_at - now).total_seconds()))
