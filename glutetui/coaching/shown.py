"""A suggestion as the screens, the CLI and the report show it: its label, the
exercise's and the program's names.

Apart from the coach, so that showing what is pending (Home's first frame) does not
load the progression rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import msgspec

from glutetui.records import SuggestionRecord

if TYPE_CHECKING:
    from glutetui.catalog import Catalog

KIND_LABELS = {
    "progress": "Move up",
    "step-back": "Step back",
    "pain": "Pain flagged",
    "resume-lower": "Welcome back",
    "asymmetry": "One side is weaker",
}


class ShownSuggestion(msgspec.Struct, frozen=True):
    """A suggestion as the screens and the CLI show it (a struct: made at import for a
    fraction of a dataclass's cost, on the way to Home's first frame)."""

    record: SuggestionRecord
    label: str
    exercise: str
    program: str  # the program whose block it changes

    @property
    def id(self) -> int:
        return self.record.id

    @property
    def reason(self) -> str:
        return self.record.reason

    @property
    def status(self) -> str:
        return self.record.status

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
