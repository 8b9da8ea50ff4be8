"""The days of the week and how each stands this week: the words the week plan and
Home's strip share, with nothing to load under them (Home's first frame draws them)."""

from __future__ import annotations

from enum import StrEnum

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DAY_SHORT = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class DayState(StrEnum):
    DONE = "done"  # a workout was completed that day
    TODAY = "today"  # planned today, nothing completed yet
    TO_COME = "to come"  # planned later this week
    MISSED = "missed"  # planned, over, nothing completed
    FREE = "free"  # nothing planned and nothing done
