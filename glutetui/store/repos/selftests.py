"""Single-leg stance self-tests, one row per side."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from glutetui.records import SelfTestRecord
from glutetui.store.models import SelfTestRow
from glutetui.store.rows import new_uid, to
from glutetui.vocab import StanceSide


class SelfTests:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(
        self, side: StanceSide, stage: str, target: int, held: float, level: bool, at: datetime
    ) -> SelfTestRecord:
        row = SelfTestRow(
            uid=new_uid(),
            taken_at=at,
            side=side,
            stage=stage,
            target_seconds=target,
            hold_seconds=held,
            level=level,
        )
        self.session.add(row)
        self.session.flush()
        return to(SelfTestRecord, row)

    def listed(self) -> list[SelfTestRecord]:
        rows = self.session.scalars(
            select(SelfTestRow).order_by(SelfTestRow.taken_at, SelfTestRow.id)
        )
        return [to(SelfTestRecord, r) for r in rows]
