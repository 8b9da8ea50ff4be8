"""Each slot's current dose, and the record of every change to it with its reason."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from glutetui.store.models import DoseChangeRow, DoseRow, SuggestionRow
from glutetui.store.records import Dose, DoseChangeRecord, DoseRecord
from glutetui.store.rows import new_uid, to, to_with, values


class Doses:
    def __init__(self, session: Session) -> None:
        self.session = session

    def current(self) -> dict[str, DoseRecord]:
        return {r.slot: to(DoseRecord, r) for r in self.session.scalars(select(DoseRow))}

    def change(
        self,
        slot: str,
        dose: Dose,
        reason: str,
        at: datetime,
        suggestion_id: int | None = None,
    ) -> DoseRecord:
        """Set a slot's dose and record why, in the caller's transaction."""
        row = self.session.get(DoseRow, slot)
        if row is None:
            row = DoseRow(slot=slot)
            self.session.add(row)
        for name, value in values(dose).items():
            setattr(row, name, value)
        row.updated_at = at
        self.session.add(
            DoseChangeRow(
                uid=new_uid(),
                slot=slot,
                reason=reason,
                suggestion_id=suggestion_id,
                changed_at=at,
                **values(dose),
            )
        )
        self.session.flush()
        return to(DoseRecord, row)

    def changes(self, slot: str | None = None) -> list[DoseChangeRecord]:
        """Dose changes oldest first, each with the uid of the suggestion it answered."""
        query = (
            select(DoseChangeRow, SuggestionRow.uid.label("suggestion_uid"))
            .outerjoin(SuggestionRow, SuggestionRow.id == DoseChangeRow.suggestion_id)
            .order_by(DoseChangeRow.changed_at, DoseChangeRow.id)
        )
        if slot is not None:
            query = query.where(DoseChangeRow.slot == slot)
        return [
            to_with(DoseChangeRecord, row, suggestion_uid=uid)
            for row, uid in self.session.execute(query)
        ]
