"""The crash harness's workout child, with its history in a database server.

    python -m tests.reliability.postgres_child HOME SEED (start|resume) URL

Exactly ``workout_child`` (the same app, program, answers and printed facts), except
that the app's locations carry ``URL`` as the database, as ``--db URL`` would.
"""

from __future__ import annotations

import sys
from pathlib import Path

from glutetui.platform.locations import Locations
from tests.reliability import workout_child


def main() -> None:
    url = sys.argv.pop()  # what is left is workout_child's own command line

    def on_the_server(data: Path, config: Path) -> Locations:
        return Locations(data, config, url)

    workout_child.Locations = on_the_server  # type: ignore[attr-defined,assignment]
    workout_child.main()


if __name__ == "__main__":
    main()
