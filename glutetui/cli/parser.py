"""The command line's grammar: global options and one parser per subcommand."""

from __future__ import annotations

import argparse
from typing import NoReturn

from glutetui import __version__
from glutetui.cli.common import PROG


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line, not argparse's usage block: the usage is one --help away.
        self.exit(2, f"{PROG}: {message} (see {PROG} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="A hands-free terminal coach for the gluteus medius. "
        "With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument(
        "--home",
        metavar="DIR",
        help="keep every file in DIR (default: $GLUTETUI_HOME, else the platform's folders)",
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        help="keep the history in the database at URL, e.g. "
        "postgresql://user:password@host:port/dbname (default: $GLUTETUI_DB, "
        "else glutetui.db in the home folder)",
    )
    remote_help = (
        "serve the phone remote on the home network while the app runs "
        "(default: the remote setting, off)"
    )
    parser.add_argument("--remote", action="store_true", help=remote_help)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    start = sub.add_parser("start", help="open the guided workout for PROGRAM directly")
    start.add_argument("program", nargs="?", help="program id or name (default: today's)")
    # Either side of the command; SUPPRESS keeps the subcommand from resetting a
    # --remote given before it.
    start.add_argument("--remote", action="store_true", default=argparse.SUPPRESS, help=remote_help)

    history = sub.add_parser("history", help="workouts, newest first, with their sets")
    history.add_argument("--json", action="store_true", help="print JSON")
    history.add_argument("--limit", type=_positive, default=20, metavar="N", help="at most N")

    suggest = sub.add_parser("suggest", help="the pending progression suggestions with reasons")
    suggest.add_argument("--json", action="store_true", help="print JSON")

    for name, text in (("exercises", "the exercise library"), ("programs", "the programs")):
        p = sub.add_parser(name, help=text)
        p.add_argument("--json", action="store_true", help="print JSON")

    export = sub.add_parser("export", help="all data as JSON, CSV or Strong's CSV")
    export.add_argument("--format", choices=["json", "csv", "strong-csv"], default="json")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: stdout)")
    export.add_argument("--force", action="store_true", help="overwrite FILE if it exists")

    imp = sub.add_parser("import", help="read a JSON export back, skipping what is already here")
    imp.add_argument("file", metavar="FILE")

    report = sub.add_parser(
        "report",
        help="a report for your physiotherapist: one HTML file to print or email, "
        "page 1 the follow-up summary",
    )
    report.add_argument("-o", "--output", metavar="FILE", help="default: glutetui-report-DATE.html")
    report.add_argument("--since", metavar="DATE", help="first day, YYYY-MM-DD (default: 6 weeks)")
    report.add_argument("--until", metavar="DATE", help="last day, YYYY-MM-DD (default: today)")
    report.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    report.add_argument(
        "--paper",
        choices=["a4", "letter"],
        help="the paper it is laid out for (default: from the locale; Letter in the US, "
        "Canada, Mexico, the Philippines and others that use it, else A4)",
    )
    report.add_argument("--name", metavar="NAME", help="the person's name, printed on every page")
    progress = sub.add_parser(
        "progress",
        help="per exercise of the programs used: dose, done against prescribed, "
        "left/right, pain, dose changes; adherence",
    )
    progress.add_argument(
        "--since", metavar="DATE", help="first day, YYYY-MM-DD (default: 6 weeks)"
    )
    progress.add_argument("--until", metavar="DATE", help="last day, YYYY-MM-DD (default: today)")
    progress.add_argument("--json", action="store_true", help="print JSON")

    plan = sub.add_parser(
        "plan",
        help="the planned sessions of each program (days and time from Settings), "
        "or --ics FILE: them as a calendar file",
    )
    plan.add_argument(
        "--weeks",
        type=_positive,
        metavar="N",
        help="the next N weeks (default: 2; with --ics: the events repeat without end)",
    )
    plan.add_argument("--json", action="store_true", help="print JSON")
    plan.add_argument(
        "--ics",
        metavar="FILE",
        help="write an iCalendar file to import into a calendar (a weekly event per "
        "program, with a reminder); a newer one updates the same events",
    )
    remind = sub.add_parser(
        "remind",
        help="check once: a session planned by now today and no workout done gives a "
        "desktop notification",
    )
    how = remind.add_mutually_exclusive_group()
    how.add_argument(
        "--install",
        action="store_true",
        help="have the system run the check at the planned times (systemd user timer, "
        "launchd agent or Task Scheduler)",
    )
    how.add_argument("--uninstall", action="store_true", help="take that away again")
    return parser


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("expected a number of at least 1")
    return value
