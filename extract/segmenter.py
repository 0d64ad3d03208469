"""jieba, the word segmenter and part-of-speech tagger used to check word boundaries and names.

jieba logs its dictionary loading on stderr at INFO level; a command-line tool should not, so the
logger is quietened once here, where every extractor that uses jieba imports it from.
"""

from __future__ import annotations

import logging

import jieba
import jieba.posseg as posseg

__all__ = ["posseg", "quiet_jieba"]


def quiet_jieba() -> None:
    """Silence jieba's start-up messages (its dictionary is loaded lazily on first use)."""
    jieba.setLogLevel(logging.WARNING)


quiet_jieba()
