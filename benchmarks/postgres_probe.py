"""The History probe with the history in a database server.

    python -m benchmarks.postgres_probe HOME URL

Exactly ``benchmarks.history_probe`` (a fresh process, the real app, the list, a
trend and the calendar each timed until drawn), except that the app's locations
carry ``URL`` as the database, as ``--db URL`` would. Prints its JSON.
"""

from __future__ import annotations

import sys
from pathlib import Path

from benchmarks import history_probe
from glutetui.platform.locations import Locations


def main() -> None:
    url = sys.argv.pop()  # what is left is history_probe's own command line

    def on_the_server(data: Path, config: Path) -> Locations:
        return Locations(data, config, url)

    history_probe.Locations = on_the_server  # type: ignore[attr-defined,assignment]
    history_probe.main()


if __name__ == "__main__":
    main()
