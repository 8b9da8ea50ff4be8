"""Everything the app's screens and the CLI use, complete from the moment it is made.

A :class:`Services` is made before the first screen and handed to every screen
when it is built; nothing in it is ever None. It belongs to the UI (the app, its
screens and the CLI): nothing below them takes it. The intent path, coaching,
readouts and the workout are each given the parts they use. What takes time is done on first
use, in whichever thread asks first, once: the settings and the catalogue (small
TOML files) and the store (importing SQLAlchemy, checking and migrating the
database). The app asks for them in a worker right after its first frame, so by
the time a person presses a key they are there; a worker that reads the store
before it is open simply waits for it.

Writes the last run could not make (its database server was gone when it ended)
wait in a file in the home folder; opening the store writes them first, before
anything reads the history, and :meth:`Services.close` is what keeps them there.

Plain Python; the core never imports Textual.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from glutetui.platform.clock import Clock
from glutetui.platform.locations import Locations

if TYPE_CHECKING:
    from glutetui.catalog import Catalog
    from glutetui.platform.settings import Settings, SettingsFile
    from glutetui.readouts.home import HomeData
    from glutetui.store import DoseChangeRecord, Store
    from glutetui.store.lease import Lease
    from glutetui.store.writer import Writer
    from glutetui.usecases.path import Change, IntentPath
    from glutetui.workout.sounds import SoundLayer


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
        lease: Lease | None = None,
    ) -> None:
        self.locations = locations
        self.clock = clock
        self._given_settings = settings
        self._settings_file: SettingsFile | None = None
        self._catalog = catalog
        self._store = store
        self._writer: Writer | None = None
        # The one way in for what a person asks (keys, the palette, the phone): given as
        # it is, or made by ``make_path`` on first use (glutetui.usecases.path).
        self.intents: IntentPath | None = None
        self.make_path: Callable[[], IntentPath] | None = None
        self._lease = lease  # this copy of the app; made on first use unless given
        self.closing_notes: list[str] = []  # what close() kept or lost, in words
        self._lock = threading.RLock()  # one thread loads each part; the others wait
        # Where the writer's problems go (the app shows them; the CLI prints them).
        self.on_problem: Callable[[str], None] = lambda message: None

    # --- loaded on first use --------------------------------------------------------------

    @property
    def settings_file(self) -> SettingsFile:
        """The settings in force and their file (its module is loaded with it: Home's
        first frame does without)."""
        with self._lock:
            if self._settings_file is None:
                from glutetui.platform.settings import SettingsFile

                self._settings_file = SettingsFile(self.locations.settings, self._given_settings)
            return self._settings_file

    @property
    def settings(self) -> Settings:
        """The settings; a broken file gives the defaults and a problem to report."""
        return self.settings_file.settings

    @settings.setter
    def settings(self, settings: Settings) -> None:
        self.settings_file.settings = settings

    @property
    def settings_problem(self) -> str | None:
        """Why the settings file could not be used, if it could not."""
        return self.settings_file.problem

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
        problems: list[str] = []
        with self._lock:
            if self._store is None:
                from glutetui.store import Store

                self.locations.ensure()
                opened = Store.open(self.locations.database_target)
                problems = self._replay_unsaved(opened)
                self._store = opened
            store = self._store
        # Said outside the lock: the app's handler waits for its UI thread, which may be
        # waiting for this lock (for the settings, say).
        for message in problems:
            self.on_problem(message)
        return store

    @property
    def lease(self) -> Lease:
        """This copy of the app, as the workouts it runs name it (made once)."""
        with self._lock:
            if self._lease is None:
                from glutetui.store.lease import Lease

                self._lease = Lease.here()
            return self._lease

    def path_for(
        self,
        sound: Callable[[], SoundLayer],
        listener: Callable[[Change], None],
        background: Callable[[Callable[[], None], str], None] | None = None,
    ) -> IntentPath:
        """An intent path over these services' parts (the app's, or a script's)."""
        from glutetui.usecases.path import IntentPath

        path = IntentPath(
            writer=self.writer,
            clock=self.clock,
            catalog=lambda: self.catalog,
            store=lambda: self.store,
            settings=self.settings_file,
            lease=self.lease,
            sound=sound,
            listener=listener,
        )
        if background is not None:
            path.background = background
        return path

    @property
    def path(self) -> IntentPath:
        """The intent path the app (or a script) gave these services; the app's is made
        the first time it is asked for (not on the way to the first frame)."""
        with self._lock:
            if self.intents is None and self.make_path is not None:
                self.intents = self.make_path()
            if self.intents is None:
                raise RuntimeError("no intent path: the app gives its services one")
            return self.intents

    @property
    def store_open(self) -> bool:
        return self._store is not None

    @property
    def writer(self) -> Writer:
        """The one writer: every write to the history, in order, off the caller's thread
        (the store's handlers, and the coach's review over the catalogue)."""
        with self._lock:
            if self._writer is None:
                from glutetui.coaching.coach import reviewing
                from glutetui.store.commands import Review
                from glutetui.store.writer import Writer

                # Through a lambda, so that an on_problem set later is the one used.
                self._writer = Writer(
                    lambda: self.store,
                    lambda m: self.on_problem(m),  # noqa: PLW0108
                    handlers={Review: reviewing(lambda: self.catalog)},
                )
            return self._writer

    def quick_home(self) -> HomeData | None:
        """Home's figures read before the store is open (``readouts.home``)."""
        from glutetui.readouts.home import quick_home

        database = self.locations.database if self.locations.database_url is None else None
        return quick_home(
            database,
            self.catalog,
            self.settings,
            lambda: self.lease,
            self.clock.now(),
            self.settings_problem,
        )

    def home_data(self) -> HomeData:
        """Home's figures through the store (``readouts.home``)."""
        from glutetui.readouts.home import home_data

        return home_data(
            self.store,
            self.catalog,
            self.settings,
            lambda: self.lease,
            self.clock.now(),
            self.settings_problem,
        )

    def dose_changes(self) -> list[DoseChangeRecord]:
        """Every dose change, oldest first: with the catalogue's prescriptions they give
        the dose in force for every program block (``glutetui.measures.doses``)."""
        with self.store.read() as db:
            return db.doses.changes()

    @property
    def unsaved_file(self) -> Path:
        """Where writes the app could not make before it ended wait for the next start."""
        from glutetui.store.unsaved import path_in

        return path_in(self.locations.data)

    def close(self, timeout: float = 10.0) -> list[str]:
        """Write what is still queued (waiting at most ``timeout``, and a moment only
        when the database is away), keep in a file what could not be written, then
        close the store.

        Returns what became of unwritten writes, in words, for the caller to show (the
        app's screen is gone by then); they are also left in :attr:`closing_notes`.
        """
        if self._writer is not None and not self._writer.close(timeout):
            self.closing_notes = self._keep_unsaved(self._writer)
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None
        return self.closing_notes

    # --- what an earlier run could not write ------------------------------------------------

    def _replay_unsaved(self, store: Store) -> list[str]:
        """Write what an earlier run kept; return the problems to report."""
        from glutetui.store.unsaved import replay_kept

        problem = replay_kept(store, self.locations.data)
        return [problem[:1].upper() + problem[1:]] if problem else []

    def _keep_unsaved(self, writer: Writer) -> list[str]:
        from glutetui.store.database import describe
        from glutetui.store.unsaved import describe_writes, keep

        records, lost = writer.unsaved()
        notes = []
        try:
            keep(self.unsaved_file, records, describe(self.locations.database_target))
        except OSError as exc:
            notes.append(
                f"{describe_writes(records).capitalize()} could not be saved, nor kept in "
                f"{self.unsaved_file}: {exc}"
            )
        else:
            if records:
                notes.append(
                    f"The database could not be reached: {describe_writes(records)} kept in "
                    f"{self.unsaved_file}, to be written on the next start"
                )
        if lost:
            notes.append(f"{lost} other {'change was' if lost == 1 else 'changes were'} lost")
        return notes
