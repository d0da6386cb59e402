"""The workplace words now live in `lianxin.core.lexicon` (search indexes them below this app)."""

from lianxin.core.lexicon import LEXICON, PLACES, WORDS

__all__ = ["LEXICON", "PLACES", "WORDS"]
