"""The store's one error type, importable without loading SQLAlchemy."""

from __future__ import annotations

from glutetui.platform.errors import Explained


class StoreError(Explained):
    """The database cannot be used; the message is one line a person can act on."""
