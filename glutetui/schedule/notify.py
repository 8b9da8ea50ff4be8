"""One desktop notification, through the platform's notification service.

Linux and the BSDs: the freedesktop ``org.freedesktop.Notifications`` service on the
session bus, and Windows: its toast notifications, both through ``desktop-notifier``.
macOS: ``osascript``'s ``display notification`` (desktop-notifier needs a signed app
bundle there, which a command-line tool is not). Where there is no service (over SSH,
on a server) the answer says so in words, never an exception.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from collections.abc import Callable

import msgspec

APP_NAME = "glutetui"


class Notice(msgspec.Struct, frozen=True):
    title: str
    body: str


# Shows a notice; returns None when it was handed to the service, else why not.
Notify = Callable[[Notice], "str | None"]


def desktop_notify(notice: Notice) -> str | None:
    if sys.platform == "darwin":
        return _osascript(notice)
    return _desktop_notifier(notice)


def _desktop_notifier(notice: Notice) -> str | None:
    # The library logs a failure with its traceback and carries on; glutetui says in
    # one line that nothing was shown instead.
    logging.getLogger("desktop_notifier").setLevel(logging.CRITICAL + 1)
    try:
        from desktop_notifier import DesktopNotifierSync
    except ImportError as exc:  # a platform without its backend's libraries
        return f"no desktop notification service here ({exc})"
    shown: list[bool] = []
    try:
        notifier = DesktopNotifierSync(app_name=APP_NAME)
        notifier.send(notice.title, notice.body, on_dispatched=lambda: shown.append(True))
    except Exception as exc:  # a broken bus or backend; nothing to show
        return f"no desktop notification service here ({type(exc).__name__})"
    if not shown:
        return "no desktop notification service here (no session bus, or nothing answers on it)"
    return None


def _osascript(notice: Notice) -> str | None:
    tool = shutil.which("osascript")
    if tool is None:
        return "no osascript here to show a notification"
    script = (
        "on run argv\ndisplay notification (item 2 of argv) with title (item 1 of argv)\nend run"
    )
    try:
        done = subprocess.run(
            [tool, "-e", script, notice.title, notice.body],
            capture_output=True,
            timeout=20,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"osascript could not show it ({exc})"
    if done.returncode != 0:
        return f"osascript could not show it (status {done.returncode})"
    return None
