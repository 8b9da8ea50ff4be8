"""The stretch of days a report covers, in the user's local calendar.

Dates come in as YYYY-MM-DD text (the command line) or as dates (the app); both
ends are included. The store keeps UTC times, so the period also gives the UTC
instants of its first local midnight and of the midnight after its last day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal

Bucket = Literal["day", "week", "month", "quarter", "year"]
SqlBucket = Literal["day", "week", "month", "year"]  # what the database groups by

DEFAULT_WEEKS = 6
# Charts switch to coarser steps as the period grows, so that none has more than about
# 60 points a side (most far fewer): a report on ten years draws about as much as one
# on a month.
DAILY_UP_TO_DAYS = 62
WEEKLY_UP_TO_DAYS = 7 * 52
MONTHLY_UP_TO_DAYS = 366 * 2
QUARTERLY_UP_TO_DAYS = 366 * 6
_GROUPED_BY: dict[Bucket, SqlBucket] = {
    "day": "day",
    "week": "week",
    "month": "month",
    "quarter": "month",
    "year": "year",
}
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class ReportError(Exception):
    """A report that cannot be made as asked; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class Period:
    since: date
    until: date  # included

    def __post_init__(self) -> None:
        if self.until < self.since:
            raise ReportError(
                f"the period ends ({self.until:%Y-%m-%d}) before it starts ({self.since:%Y-%m-%d})"
            )

    @classmethod
    def from_text(cls, since: str | None, until: str | None, today: date) -> Period:
        """The period the command line asks for: six weeks ending today unless told."""
        end = parse_day(until, "--until") if until else today
        start = (
            parse_day(since, "--since") if since else end - timedelta(days=7 * DEFAULT_WEEKS - 1)
        )
        return cls(start, end)

    @property
    def days(self) -> int:
        return (self.until - self.since).days + 1

    @property
    def bucket(self) -> Bucket:
        """The step of the charts: days up to two months, then weeks up to a year, months
        up to two years, quarters up to six, then years."""
        if self.days <= DAILY_UP_TO_DAYS:
            return "day"
        if self.days <= WEEKLY_UP_TO_DAYS:
            return "week"
        if self.days <= MONTHLY_UP_TO_DAYS:
            return "month"
        return "quarter" if self.days <= QUARTERLY_UP_TO_DAYS else "year"

    @property
    def sql_bucket(self) -> SqlBucket:
        """The step the database groups by: quarters are folded from months."""
        return _GROUPED_BY[self.bucket]

    @property
    def start(self) -> datetime:
        """The first local midnight, as a UTC time the store can compare."""
        return local_midnight(self.since)

    @property
    def end(self) -> datetime:
        """The local midnight after the last day (excluded), in UTC."""
        return local_midnight(self.until + timedelta(days=1))

    def describe(self) -> str:
        """``2 March – 12 April 2026``: the month and year once when both ends share them."""
        last = f"{self.until.day} {self.until:%B %Y}"
        if self.since == self.until:
            return last
        first = str(self.since.day)
        if (self.since.year, self.since.month) != (self.until.year, self.until.month):
            first += f" {self.since:%B}"
        if self.since.year != self.until.year:
            first += f" {self.since.year}"
        return f"{first} – {last}"


def step_start(day: date, bucket: Bucket) -> date:
    """The first day of the step a day falls in (weeks start on Monday)."""
    if bucket == "week":
        return day - timedelta(days=day.weekday())
    if bucket == "month":
        return day.replace(day=1)
    if bucket == "quarter":
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    if bucket == "year":
        return day.replace(month=1, day=1)
    return day


def step_after(start: date, bucket: Bucket) -> date:
    """The first day of the next step."""
    if bucket == "day":
        return start + timedelta(days=1)
    if bucket == "week":
        return start + timedelta(days=7)
    months = {"month": 1, "quarter": 3, "year": 12}[bucket]
    index = start.year * 12 + start.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def days_in(start: date, bucket: Bucket, period: Period) -> int:
    """How many days of the step that starts at ``start`` lie within the period."""
    first = max(start, period.since)
    last = min(step_after(start, bucket) - timedelta(days=1), period.until)
    return max(0, (last - first).days + 1)


def local_midnight(day: date) -> datetime:
    # A naive time is read as local by astimezone(), daylight saving included.
    return datetime.combine(day, time()).astimezone(UTC)


def parse_day(text: str, option: str) -> date:
    # fromisoformat alone would also take 20260302 or 2026-W10-1; ask for one form.
    if _DAY.fullmatch(text.strip()):
        try:
            return date.fromisoformat(text.strip())
        except ValueError:
            pass
    raise ReportError(f"{option}: expected a date as YYYY-MM-DD, got {text!r}")


def default_file_name(today: date) -> str:
    return f"glutetui-report-{today:%Y-%m-%d}.html"
