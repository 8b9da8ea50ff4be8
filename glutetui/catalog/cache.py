"""The loaded catalogue, kept between starts so Home does not parse and check the TOML
files again when none of them changed.

The cache is one JSON file in the home folder's data folder (owner-only, replaced
atomically), keyed by glutetui's version and the size and modification time of
every file the catalogue is made from: the two bundled files and each of the
user's own. Any change to any of them, a missing or unreadable cache, or a cache
that does not decode is simply a miss: the catalogue is loaded as usual (with its
problems reported) and the cache written again. Nothing here is ever an error.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import IO

import msgspec

from glutetui import __version__
from glutetui.catalog.model import DECODING, Catalog

Stamp = tuple[str, int, int]  # file, size, modification time (ns)


class _Entry(msgspec.Struct, frozen=True):
    key: tuple[str, tuple[Stamp, ...]]
    catalog: Catalog


def _data_dir() -> Path | None:
    """The bundled files' folder, found without importlib.resources (see load.py)."""
    package = Path(__file__).resolve().parents[1]
    for folder in (package / "data", package.parent / "data"):
        if (folder / "exercises.toml").is_file():
            return folder
    return None


def _stamps(folders: list[Path | None]) -> tuple[Stamp, ...] | None:
    files: list[Path] = []
    data = _data_dir()
    if data is None:
        return None
    files += [data / "exercises.toml", data / "programs.toml"]
    for folder in folders:
        if folder is not None and folder.is_dir():
            files += sorted(folder.glob("*.toml"))
    stamps = []
    for path in files:
        try:
            info = path.stat()
        except OSError:
            return None
        stamps.append((str(path), info.st_size, info.st_mtime_ns))
    return tuple(stamps)


def cached_catalog(user_exercises: Path, user_programs: Path, cache: Path) -> Catalog:
    """The catalogue, from ``cache`` when every file it was made from is unchanged."""
    stamps = _stamps([user_exercises, user_programs])
    key = (__version__, stamps) if stamps is not None else None
    if key is not None:
        with (
            DECODING,
            contextlib.suppress(OSError, msgspec.DecodeError, msgspec.ValidationError),
        ):
            entry = msgspec.json.decode(cache.read_bytes(), type=_Entry)
            if entry.key == key:
                return entry.catalog
    from glutetui.catalog.load import load_catalog

    catalog = load_catalog(user_exercises, user_programs)
    if key is not None and _stamps([user_exercises, user_programs]) == stamps:
        _write(cache, msgspec.json.encode(_Entry(key, catalog)).decode())
    return catalog


def _write(cache: Path, text: str) -> None:
    from glutetui.platform.files import write_atomically

    def write(handle: IO[str]) -> None:
        handle.write(text)

    # A folder that cannot be written only means no cache: the next start loads again.
    with contextlib.suppress(OSError):
        # The home folder itself, the first time: readable by its owner only, as the
        # store makes it (the cache can be written before the store is opened).
        cache.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_atomically(cache, write, private=True)
