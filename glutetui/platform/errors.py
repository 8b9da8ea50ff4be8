"""An error that already reads as one line a person can act on."""

from __future__ import annotations


class Explained(Exception):
    """Raised with a message that needs no more words: shown as it is, never a trace."""
