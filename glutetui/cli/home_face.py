"""``python -m glutetui.cli.home_face DATA CONFIG``: Home's figures in words, written to
standard output as :func:`glutetui.readouts.home_face.encode` gives them.

Opening the app runs this as a helper process (``glutetui.platform.spawned``) before it
loads Textual, so the figures are read on the other core meanwhile. The read is the
app's own (``Services.quick_home``) on the folders the app resolved; an empty face
(None) when it cannot be made before the store is open. A failure is the exit status
(the app then reads the figures itself, and reports what went wrong).
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path

from glutetui.platform.locations import Locations


def face_bytes(locations: Locations) -> bytes:
    """Home's figures in words, read as the app reads them before its first frame."""
    from glutetui.platform.clock import SystemClock
    from glutetui.readouts.home_face import encode, home_face
    from glutetui.services import Services

    data = Services(locations, SystemClock()).quick_home()
    return encode(None if data is None else home_face(data))


def argv(locations: Locations) -> list[str] | None:
    """The command that runs this helper for ``locations`` (None: a database server,
    which the quick read does not reach, or no Python to run it with)."""
    if locations.database_url is not None or not sys.executable:
        return None
    # -P: the working folder is not put on the module path (a folder named glutetui
    # there is not this one).
    return [
        sys.executable,
        "-P",
        "-m",
        "glutetui.cli.home_face",
        str(locations.data),
        str(locations.config),
    ]


def main(args: list[str]) -> int:
    gc.disable()  # a short life: nothing to collect
    data, config = args
    sys.stdout.buffer.write(face_bytes(Locations(Path(data), Path(config))))
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
