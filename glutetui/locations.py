"""Where glutetui keeps a user's files.

``--home DIR`` or ``GLUTETUI_HOME`` puts everything in one folder. Without either,
the database goes to the platform's user data folder and the user's own files
(settings, programs, exercises) to its user config folder.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "glutetui"
HOME_ENV = "GLUTETUI_HOME"


@dataclass(frozen=True, slots=True)
class Locations:
    data: Path  # the database
    config: Path  # settings.toml, programs/, exercises/

    @property
    def database(self) -> Path:
        return self.data / "glutetui.db"

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


def resolve(home: str | Path | None = None, environ: Mapping[str, str] | None = None) -> Locations:
    """The folders for ``--home``, else ``GLUTETUI_HOME``, else the platform's defaults."""
    env = os.environ if environ is None else environ
    chosen = home if home is not None else env.get(HOME_ENV) or None
    if chosen is not None:
        folder = Path(chosen).expanduser().absolute()
        return Locations(folder, folder)
    import platformdirs

    return Locations(
        Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
    )
