"""The record of every change to a program block's dose, with its reason.

Nothing else keeps a dose: the dose in force for a block at any moment is the block's
prescription in its program, changed by the latest change up to that moment
(``glutetui.measures.doses``). :meth:`Doses.current` is the latest change of each
block, for the export and for the rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from glutetui.records import Dose, DoseChangeRecord, DoseRecord
from glutetui.store.models import DoseChangeRow, SuggestionRow
from glutetui.store.rows import new_uid, to_with, values
from glutetui.vocab import BlockRef


class Doses:
    def __init__(self, session: Session) -> None:
        self.session = session

    def change(
        self,
        block: BlockRef,
        dose: Dose,
        reason: str,
        at: datetime,
        suggestion_id: int | None = None,
    ) -> DoseChangeRecord:
        """Change one block's dose and record why, in the caller's transaction."""
        row = DoseChangeRow(
            uid=new_uid(),
            program_id=block.program,
            slot=block.slot,
            reason=reason,
            suggestion_id=suggestion_id,
            changed_at=at,
            **values(dose),
        )
        self.session.add(row)
        self.session.flush()
        uid = None
        if suggestion_id is not None:
            uid = self.session.scalar(
                select(SuggestionRow.uid).where(SuggestionRow.id == suggestion_id)
            )
        return to_with(DoseChangeRecord, row, suggestion_uid=uid)

    def changes(
        self, blocks: Iterable[BlockRef] | None = None, until: datetime | None = None
    ) -> list[DoseChangeRecord]:
        """Dose changes oldest first (of some blocks, up to a moment), each with the uid of
        the suggestion it answered."""
        query = (
            select(DoseChangeRow, SuggestionRow.uid.label("suggestion_uid"))
            .outerjoin(SuggestionRow, SuggestionRow.id == DoseChangeRow.suggestion_id)
            .order_by(DoseChangeRow.changed_at, DoseChangeRow.id)
        )
        if blocks is not None:
            wanted = set(blocks)
            if not wanted:
                return []
            query = query.where(DoseChangeRow.slot.in_({b.slot for b in wanted}))
        if until is not None:
            query = query.where(DoseChangeRow.changed_at <= until)
        found = [
            to_with(DoseChangeRecord, row, suggestion_uid=uid)
            for row, uid in self.session.execute(query)
        ]
        if blocks is None:
            return found
        return [c for c in found if c.block in wanted]

    def changes_for_period(
        self, blocks: Iterable[BlockRef], start: datetime, end: datetime
    ) -> list[DoseChangeRecord]:
        """What the doses in force through a period rest on: the blocks' changes in the
        period and the last one of each before it. Bounded by the period, however long
        the history."""
        wanted = set(blocks)
        if not wanted:
            return []
        slots = {b.slot for b in wanted}
        rank = (
            func.row_number()
            .over(
                partition_by=(DoseChangeRow.program_id, DoseChangeRow.slot),
                order_by=(DoseChangeRow.changed_at.desc(), DoseChangeRow.uid.desc()),
            )
            .label("rank")
        )
        before = (
            select(DoseChangeRow.id, rank)
            .where(DoseChangeRow.slot.in_(slots), DoseChangeRow.changed_at < start)
            .subquery()
        )
        last_before = select(before.c.id).where(before.c.rank == 1)
        query = (
            select(DoseChangeRow, SuggestionRow.uid.label("suggestion_uid"))
            .outerjoin(SuggestionRow, SuggestionRow.id == DoseChangeRow.suggestion_id)
            .where(
                DoseChangeRow.slot.in_(slots),
                (DoseChangeRow.id.in_(last_before))
                | ((DoseChangeRow.changed_at >= start) & (DoseChangeRow.changed_at <= end)),
            )
            .order_by(DoseChangeRow.changed_at, DoseChangeRow.id)
        )
        found = [
            to_with(DoseChangeRecord, row, suggestion_uid=uid)
            for row, uid in self.session.execute(query)
        ]
        return [c for c in found if c.block in wanted]

    def current(self) -> dict[BlockRef, DoseRecord]:
        """Each block's dose as last changed (a block never changed is not here)."""
        latest: dict[BlockRef, DoseChangeRecord] = {}
        for change in self.changes():
            latest[change.block] = change
        return {block: last_dose(change) for block, change in latest.items()}


def last_dose(change: DoseChangeRecord) -> DoseRecord:
    """A block's dose as one change left it."""
    return to_with(DoseRecord, change, updated_at=change.changed_at)
