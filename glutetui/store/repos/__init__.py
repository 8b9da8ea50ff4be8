"""Small repositories, one per aggregate, each working in a session its caller owns."""

from __future__ import annotations

from sqlalchemy.orm import Session

from glutetui.store.queries import Queries
from glutetui.store.repos.doses import Doses
from glutetui.store.repos.selftests import SelfTests
from glutetui.store.repos.suggestions import Suggestions
from glutetui.store.repos.workout_log import FINAL_STATUSES, OPEN_STATUS
from glutetui.store.repos.workouts import Workouts

__all__ = [
    "FINAL_STATUSES",
    "OPEN_STATUS",
    "Doses",
    "SelfTests",
    "Suggestions",
    "Unit",
    "Workouts",
]


class Unit:
    """One unit of work: a session and the repositories working in it."""

    def __init__(self, session: Session) -> None:
        self.session = session  # for the store's own modules (exchange, unsaved) only
        self.workouts = Workouts(session)
        self.doses = Doses(session)
        self.suggestions = Suggestions(session)
        self.self_tests = SelfTests(session)
        self.queries = Queries(session)  # the named aggregate queries (History, the report)
