"""Everything the app's screens and the CLI use, complete from the moment it is made.

A :class:`Services` is made before the first screen and handed to every screen
when it is built; nothing in it is ever None. What takes time is done on first
use, in whichever thread asks first, once: the settings and the catalogue (small
TOML files) and the store (importing SQLAlchemy, checking and migrating the
database). The app asks for them in a worker right after its first frame, so by
the time a person presses a key they are there; a worker that reads the store
before it is open simply waits for it.

Plain Python; the core never imports Textual.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from glutetui.clock import Clock
from glutetui.locations import Locations

if TYPE_CHECKING:
    from glutetui.catalog import Catalog
    from glutetui.settings import Settings
    from glutetui.store import DoseRecord, Store
    from glutetui.writer import Writer


class Services:
    """Locations, clock, settings, catalogue, the store and its one writer."""

    def __init__(
        self,
        locations: Locations,
        clock: Clock,
        *,
        settings: Settings | None = None,
        catalog: Catalog | None = None,
        store: Store | None = None,
    ) -> None:
        self.locations = locations
        self.clock = clock
        self._settings = settings
        self._catalog = catalog
        self._store = store
        self._writer: Writer | None = None
        self.settings_problem: str | None = None
        self._lock = threading.RLock()  # one thread loads each part; the others wait
        # Where the writer's problems go (the app shows them; the CLI prints them).
        self.on_problem: Callable[[str], None] = lambda message: None

    # --- loaded on first use --------------------------------------------------------------

    @property
    def settings(self) -> Settings:
        """The settings; a broken file gives the defaults and a problem to report."""
        with self._lock:
            if self._settings is None:
                from glutetui.settings import load_settings

                loaded = load_settings(self.locations.settings)
                self._settings, self.settings_problem = loaded.settings, loaded.problem
            return self._settings

    @settings.setter
    def settings(self, settings: Settings) -> None:
        self._settings = settings

    @property
    def catalog(self) -> Catalog:
        """The bundled exercises and programs with the user's own. Raises CatalogError
        when the bundled data itself is broken (the user's files only add problems)."""
        with self._lock:
            if self._catalog is None:
                from glutetui.catalog.cache import cached_catalog

                self._catalog = cached_catalog(
                    self.locations.exercises, self.locations.programs, self.catalog_cache
                )
            return self._catalog

    @property
    def catalog_cache(self) -> Path:
        return self.locations.data / "catalog-cache.json"

    def reload_catalog(self) -> Catalog:
        from glutetui.catalog import load_catalog

        catalog = load_catalog(self.locations.exercises, self.locations.programs)
        with self._lock:
            self._catalog = catalog
        return catalog

    @property
    def store(self) -> Store:
        """The store, opened on first use. Raises StoreError when the database cannot
        be opened (the next use tries again)."""
        store = self._store
        if store is not None:
            return store
        with self._lock:
            if self._store is None:
                from glutetui.store import Store

                self.locations.ensure()
                self._store = Store.open(self.locations.database_target)
            return self._store

    @property
    def store_open(self) -> bool:
        return self._store is not None

    @property
    def writer(self) -> Writer:
        """The one writer for workout writes, in order, off the caller's thread."""
        with self._lock:
            if self._writer is None:
                from glutetui.writer import Writer

                # Through a lambda, so that an on_problem set later is the one used.
                self._writer = Writer(lambda: self.store, lambda m: self.on_problem(m))  # noqa: PLW0108
            return self._writer

    def doses(self) -> dict[str, DoseRecord]:
        with self.store.read() as db:
            return db.doses.current()

    def close(self, timeout: float = 10.0) -> None:
        """Write what is still queued (waiting at most ``timeout``), then close the store."""
        if self._writer is not None:
            self._writer.close(timeout)
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None
