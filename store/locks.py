"""A lock between processes (and threads): an exclusive flock on a file of its own, waited
for up to a bound, released by the system if its holder dies. DuckDB's own lock on a database
file does not cover a closing writer's checkpoint, so processes that open a file in turn hold
one of these around each connection's life."""

from __future__ import annotations

import fcntl
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class Busy(TimeoutError):
    """The lock was not free within the wait."""


@contextmanager
def exclusive(path: Path, wait: float, poll: float = 0.01) -> Iterator[None]:
    """Hold the lock file `path` for the block (one holder at a time); Busy after `wait`."""
    with open(path, "a") as lock:  # its own open file: threads of one process exclude too
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise Busy(str(path)) from None
                time.sleep(poll)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
