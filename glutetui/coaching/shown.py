"""A suggestion as the screens, the CLI and the report show it: its label, the
exercise's and the program's names.

Apart from the coach, so that showing what is pending (Home's first frame) does not
load the progression rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from glutetui.catalog import Catalog
    from glutetui.records import SuggestionRecord

KIND_LABELS = {
    "progress": "Move up",
    "step-back": "Step back",
    "pain": "Pain flagged",
    "resume-lower": "Welcome back",
    "asymmetry": "One side is weaker",
}


@dataclass(frozen=True, slots=True)
class ShownSuggestion:
    """A suggestion as the screens and the CLI show it."""

    record: SuggestionRecord
    label: str
    exercise: str
    program: str  # the program whose block it changes

    @property
    def needs_answer(self) -> bool:
        return self.record.status == "pending"


def shown(catalog: Catalog, records: Iterable[SuggestionRecord]) -> list[ShownSuggestion]:
    out = []
    for r in records:
        program = catalog.programs.get(r.program_id)
        out.append(
            ShownSuggestion(
                r,
                KIND_LABELS.get(r.kind, r.kind),
                catalog.name_of(r.slot),
                program.name if program is not None else r.program_id,
            )
        )
    return out
