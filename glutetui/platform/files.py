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


class CannotWrite(Exception):
    """A file that cannot be written, said in one line that names it and why."""


def write_file(
    path: Path, writer: Callable[[IO[str]], None], *, replace: bool, private: bool = True
) -> None:
    """:func:`write_atomically` for a file a person named (an export, a report): every
    failure is a :class:`CannotWrite` in the words shown to them."""
    try:
        write_atomically(path, writer, replace=replace, private=private)
    except FileExistsError:
        raise CannotWrite(f"{path} already exists; add --force to overwrite it") from None
    except IsADirectoryError:
        raise CannotWrite(f"{path} is a folder") from None
    except OSError as exc:
        why = (exc.strerror or str(exc)).lower()
        raise CannotWrite(f"cannot write {path}: {why}") from exc
