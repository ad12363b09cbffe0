"""Creating HiGHS objects without a word on stdout.

highspy 1.16 prints a two-line "Running HiGHS ... Copyright ..." banner on the
process's file descriptor 1 when the first ``Highs()`` is constructed, before any
option can be set (``output_flag=False`` comes too late, and
``contextlib.redirect_stdout`` cannot see C-level writes). ``strive ... --json``
promises exactly one JSON document on stdout, so every ``Highs()`` in strive is made
here, with fd 1 pointed at the null device for the construction only.
"""

from __future__ import annotations

import os
import sys
import threading
from typing import Any

_LOCK = threading.Lock()


def new_highs() -> Any:
    """A fresh ``highspy.Highs`` with logging off, its banner discarded.

    The redirection is process-wide while it lasts, so a lock keeps two threads from
    interleaving their save/restore of fd 1.
    """
    import highspy

    with _LOCK:
        sys.stdout.flush()
        saved = os.dup(1)
        try:
            null = os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(null, 1)
            finally:
                os.close(null)
            h = highspy.Highs()  # type: ignore[no-untyped-call]
            h.setOptionValue("output_flag", False)
        finally:
            os.dup2(saved, 1)
            os.close(saved)
    return h
