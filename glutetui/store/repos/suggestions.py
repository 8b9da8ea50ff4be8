"""Progression suggestions: kept, answered, and set aside when a newer one comes.

Several devices may share one history (a PostgreSQL server). Deciding what to
suggest and answering a suggestion each read, then write; two devices doing so at
once must not make the same suggestion twice, nor leave one both accepted and
dismissed. So every change here first takes the history's progression lock
(:meth:`Suggestions.hold`), held to the end of the transaction, and reads what it
decides on after it: on SQLite the write transaction already holds the file's write
lock from its start; on PostgreSQL an advisory lock does the same for these tables.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from glutetui.records import Dose, SuggestionRecord
from glutetui.store.errors import StoreError
from glutetui.store.models import SuggestionRow
from glutetui.store.repos.doses import Doses
from glutetui.store.rows import new_uid, prefixed, to_with, unprefixed
from glutetui.vocab import BlockRef, SuggestionKind, SuggestionStatus

# Any fixed number, other than the migration's: the lock a device holds while it
# changes suggestions and doses.
PROGRESSION_LOCK = 0x676C7570


def record(row: SuggestionRow) -> SuggestionRecord:
    """A suggestion row as its shape: the ``from_*``/``to_*`` columns become two doses."""
    return to_with(
        SuggestionRecord, row, before=unprefixed(row, "from_"), after=unprefixed(row, "to_")
    )


class Suggestions:
    def __init__(self, session: Session) -> None:
        self.session = session
        self._held = False

    def hold(self) -> None:
        """Wait for any other device changing suggestions or doses, and keep them waiting
        until this transaction ends. Read what the change depends on after this."""
        if self._held:
            return
        if self.session.get_bind().dialect.name == "postgresql":
            self.session.execute(select(func.pg_advisory_xact_lock(PROGRESSION_LOCK)))
        self._held = True

    def listed(self, status: SuggestionStatus | None = None) -> list[SuggestionRecord]:
        query = select(SuggestionRow).order_by(SuggestionRow.created_at, SuggestionRow.id)
        if status is not None:
            query = query.where(SuggestionRow.status == status)
        return [record(r) for r in self.session.scalars(query)]

    def known(self, evidence: Iterable[str]) -> set[str]:
        """Which of these pieces of evidence a suggestion already rests on."""
        wanted = set(evidence)
        if not wanted:
            return set()
        found = select(SuggestionRow.evidence).where(SuggestionRow.evidence.in_(wanted))
        return set(self.session.scalars(found))

    def add(
        self,
        block: BlockRef,
        kind: SuggestionKind,
        reason: str,
        evidence: str,
        before: Dose,
        after: Dose,
        at: datetime,
        apply: bool = False,
    ) -> SuggestionRecord:
        """Keep a new suggestion, setting aside older pending ones for the same block.

        With ``apply`` the dose changes at once (a step back after pain).
        """
        self.hold()
        self.session.execute(
            update(SuggestionRow)
            .where(
                SuggestionRow.program_id == block.program,
                SuggestionRow.slot == block.slot,
                SuggestionRow.status == "pending",
            )
            .values(status="expired", decided_at=at)
        )
        row = SuggestionRow(
            uid=new_uid(),
            program_id=block.program,
            slot=block.slot,
            kind=kind,
            reason=reason,
            evidence=evidence,
            status="pending",
            created_at=at,
            **prefixed(before, "from_"),
            **prefixed(after, "to_"),
        )
        self.session.add(row)
        self.session.flush()
        if apply:
            self._apply(row, at)
        return record(row)

    def accept(self, suggestion_id: int, at: datetime) -> SuggestionRecord:
        """Change the dose as suggested, and record when and why."""
        row = self._row(suggestion_id)
        if row.status == "pending":
            self._apply(row, at)
        return record(row)

    def dismiss(self, suggestion_id: int, at: datetime) -> SuggestionRecord:
        row = self._row(suggestion_id)
        if row.status == "pending":
            row.status, row.decided_at = "dismissed", at
        return record(row)

    def _row(self, suggestion_id: int) -> SuggestionRow:
        # Read after the lock: another device may have answered it a moment ago.
        self.hold()
        row = self.session.get(SuggestionRow, suggestion_id, populate_existing=True)
        if row is None:
            raise StoreError("that suggestion no longer exists")
        return row

    def _apply(self, row: SuggestionRow, at: datetime) -> None:
        row.status, row.decided_at = "accepted", at
        if row.kind == "asymmetry":
            return  # a note about sides changes no dose
        block = BlockRef(row.program_id, row.slot)
        Doses(self.session).change(block, unprefixed(row, "to_"), row.reason, at, row.id)
