"""The weekly plan: which days and at what time each program is done, and what follows
from it — the sessions over the coming weeks, the calendar file, the nudge on the day
and the system scheduler entries that run it. Never imports Textual.

The plan itself is pure (:mod:`glutetui.schedule.week`); the calendar, the notification
and the scheduler load their libraries only when asked for.
"""
