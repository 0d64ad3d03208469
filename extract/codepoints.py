"""A text's characters as an array of code points, for looking every character up at once.

Several steps ask the same question of every character of a report (which script it belongs to, its
orth id, whether a figure can open with it). Asked in Python, each makes a one-character string per
character; asked of a table indexed by code point (numpy), it is one lookup for the whole text.
"""

from __future__ import annotations

import numpy as np


def code_points(text: str) -> np.ndarray:
    """The code point of every character of `text` (one entry per index into it)."""
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def look_up(table: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """`table[code]` for every code, a code past the table reading the table's last entry."""
    return table[np.minimum(codes, len(table) - 1)]
