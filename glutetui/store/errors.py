"""The store's one error type, importable without loading SQLAlchemy."""

from __future__ import annotations


class StoreError(Exception):
    """The database cannot be used; the message is one line a person can act on."""
