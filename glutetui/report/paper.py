"""The paper a report is laid out for: A4, or US Letter where that is what printers hold.

``glutetui report --paper a4|letter`` chooses; without it the locale does, the way the
C library picks a locale's paper: ``LC_ALL``, else ``LC_PAPER``, else ``LANG``, and
Letter for the territories whose locales print on it (the United States, Canada,
Mexico, the Philippines and several Latin American countries), A4 everywhere else.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

Paper = Literal["a4", "letter"]
PAPERS: tuple[Paper, ...] = ("a4", "letter")
# As glibc's LC_PAPER has them (en_US and the locales that copy its paper).
LETTER_TERRITORIES = frozenset(
    {"US", "CA", "MX", "PH", "PR", "BO", "CL", "CO", "CR", "GT", "NI", "PA", "SV", "VE"}
)


@dataclass(frozen=True, slots=True)
class Sheet:
    css: str  # the @page size keyword
    width_mm: float
    height_mm: float
    words: str


SHEETS: dict[Paper, Sheet] = {
    "a4": Sheet("A4", 210.0, 297.0, "A4"),
    "letter": Sheet("letter", 215.9, 279.4, "US Letter"),
}


def territory(locale_name: str) -> str | None:
    """``US`` from ``en_US.UTF-8`` (or ``en_US@euro``); None for ``C`` and the like."""
    base = locale_name.split(".", maxsplit=1)[0].split("@", maxsplit=1)[0]
    if "_" not in base:
        return None
    return base.split("_", 1)[1].upper() or None


def default_paper(environ: Mapping[str, str] | None = None) -> Paper:
    """The locale's paper: the first locale variable set decides, as in the C library."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_PAPER", "LANG"):
        value = env.get(name, "")
        if value:
            return "letter" if territory(value) in LETTER_TERRITORIES else "a4"
    return "a4"
