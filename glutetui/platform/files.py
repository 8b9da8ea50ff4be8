"""Writing files so that a crash never leaves half of one, and nothing is overwritten
unless asked."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO


def write_atomically(
    path: Path,
    writer: Callable[[IO[str]], None],
    *,
    replace: bool = True,
    private: bool = False,
) -> None:
    """Write through a temporary file in the same folder, then move it into place.

    Raises FileExistsError when ``path`` exists and ``replace`` is false, and
    IsADirectoryError when it is a folder.
    """
    if path.is_dir():
        raise IsADirectoryError(f"{path} is a folder")
    if path.exists() and not replace:
        raise FileExistsError(f"{path} already exists")
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            writer(handle)
            handle.flush()
            os.fsync(handle.fileno())
        Path(temp).chmod(0o600 if private else 0o644)
        if replace:
            Path(temp).replace(path)
        else:
            # link() fails if the name appeared meanwhile: never replace a file by accident.
            os.link(temp, path)
    finally:
        with contextlib.suppress(OSError):
            Path(temp).unlink()
