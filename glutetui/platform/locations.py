"""Where glutetui keeps a user's files.

``--home DIR`` or ``GLUTETUI_HOME`` puts everything in one folder. Without either,
the database goes to the platform's user data folder and the user's own files
(settings, programs, exercises) to its user config folder.

``--db URL`` or ``GLUTETUI_DB`` puts the history in another database (a PostgreSQL
server that several devices share); settings and the user's own files stay in the
home folder all the same. :attr:`Locations.database_target` is what to open.
"""

# No ``from __future__ import annotations``: with it, the NamedTuple below would compile
# each field's annotation from a string as it is made, on the way to the first frame.
import os
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

APP_NAME = "glutetui"
HOME_ENV = "GLUTETUI_HOME"
DB_ENV = "GLUTETUI_DB"


class Locations(NamedTuple):
    # A named tuple, not a dataclass or a msgspec struct: made in a fraction of the time
    # of one and without loading the other, on the way to the first frame.
    data: Path  # the database file, and what the app keeps beside it
    config: Path  # settings.toml, programs/, exercises/
    database_url: str | None = None  # --db / GLUTETUI_DB: the history is elsewhere

    @property
    def database(self) -> Path:
        """The SQLite file in the home folder (not used when ``database_url`` is set)."""
        return self.data / "glutetui.db"

    @property
    def database_target(self) -> Path | str:
        """Where the history lives: the URL when one was given, else the file.

        ``glutetui.store.database.open_target`` opens either.
        """
        return self.database_url if self.database_url is not None else self.database

    @property
    def settings(self) -> Path:
        return self.config / "settings.toml"

    @property
    def programs(self) -> Path:
        return self.config / "programs"

    @property
    def exercises(self) -> Path:
        return self.config / "exercises"

    def ensure(self) -> None:
        """Create the folders, readable by their owner only."""
        for folder in {self.data, self.config}:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)


def resolve(
    home: str | Path | None = None,
    environ: Mapping[str, str] | None = None,
    *,
    db: str | None = None,
) -> Locations:
    """The folders for ``--home``, else ``GLUTETUI_HOME``, else the platform's defaults;
    the database URL from ``--db`` (``db``), else ``GLUTETUI_DB``, else none (the file).

    The URL is only carried here; it is checked when the database is opened.
    """
    env = os.environ if environ is None else environ
    # An empty value counts as unset, as it does for the home folder.
    url = db or env.get(DB_ENV) or None
    chosen = home if home is not None else env.get(HOME_ENV) or None
    if chosen is not None:
        folder = Path(chosen).expanduser().absolute()
        return Locations(folder, folder, url)
    import platformdirs

    return Locations(
        Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        url,
    )
