"""How the funder release rounds what it shows (docs/DISCLOSURE.md): every count to a multiple
of ROUNDING, up or down at random, up with the chance that keeps the count's expected value
(17 goes to 15 three times in five, to 20 twice; 11 to 14 always to 15, as a shown 10 would
read as a count of 1 to 10). A funder then knows only that a count lies
within SPREAD of what they read, so a difference of two shown counts, or a total less its shown
programs, spans more than 10 values and cannot pin a count of 1 to 10.

The draw is a keyed hash of the count's name: the same count rounds the same way wherever it is
shown in one release, and without the key (a fresh one per release, never stored or served)
nobody can tell which way it went. A released quarter is kept as first shown
(release/kept.py), so no count is ever drawn twice."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from metrics.instruments import ROUNDING, SMALLEST_SHOWN

# 11 to 14 go up to 15, never down to 10: a 10 would read as a count the release never shows
FLOOR = -(-SMALLEST_SHOWN // ROUNDING) * ROUNDING


def new_key() -> bytes:
    return secrets.token_bytes(32)


def rounded(count: int, name: str, key: bytes) -> int:
    """The count as shown: a multiple of ROUNDING, the one below it or the one above (from
    SMALLEST_SHOWN up, at least FLOOR)."""
    below, over = divmod(count, ROUNDING)
    if not over:
        return count
    draw = int.from_bytes(hmac.new(key, name.encode(), hashlib.sha256).digest()[:8], "big")
    shown = (below + (draw < over * 2**64 // ROUNDING)) * ROUNDING
    return max(shown, FLOOR) if count >= SMALLEST_SHOWN else shown
