"""Home: today's program and one key to start it, the last workout, the streak, and
the offer to resume a workout that was left unfinished.

Its first frame holds its figures: the app reads them before Home is built (the
SQLite file with the standard library, before SQLAlchemy is even imported; from the
command line, in a helper process while this one loads Textual) and Home composes its
cards with them. Home draws a :class:`~glutetui.readouts.home_face.HomeFace`, its
figures in words, and its keys act on the ids in it. A worker then reviews the
progression and reads the figures again with the store open; what it finds replaces
them in place. When the quick read cannot be made (a new home, a migration to come, a
database server), Home paints a line and the worker brings the figures. ``face`` is
reactive: setting it redraws the cards.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.reactive import var
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from glutetui.readouts.home_face import HomeFace
from glutetui.screens.styled import StyledOnMount
from glutetui.widgets.failures import deliver
from glutetui.widgets.keybar import KeyBar
from glutetui.widgets.messages import Changed, Fatal, HomeLoaded, Navigate
from glutetui.widgets.week_plan import WeekStrip

if TYPE_CHECKING:
    from textual.geometry import Size
    from textual.widget import AwaitMount

    from glutetui.readouts.home import HomeData
    from glutetui.services import Services
    from glutetui.widgets.remote_code import RemoteCode
    from glutetui.widgets.suggestions import SuggestionList

W = TypeVar("W", bound="Widget")

FRAME_OUT_SECONDS = 0.01  # for the output thread to write Home's data frame

SAFETY = (
    "glutetui is for education, not medical advice. Stop at once on sharp pain, "
    "and see a physiotherapist if pain keeps coming back."
)


class HomeScreen(StyledOnMount, Screen[None]):
    """The first screen: what to do today, and how it has been going."""

    CSS_PATH = Path(__file__).with_name("home.tcss")
    SHEET_READ_FIRST = True  # by the app, before Home is made (glutetui.app.SHEETS)
    # In order of importance: the key bar leaves out the last ones when it is narrow,
    # Help's last of all (the cards name the keys that act on them: r and x, a and d, e).
    BINDINGS = [
        Binding("s", "start_today", "Start today's", id="start-today"),
        Binding("h", "open('history')", "History", id="home-history"),
        Binding("p", "open('programs')", "Programs", id="home-programs"),
        Binding("l", "open('exercises')", "Exercises", id="home-exercises"),
        Binding("t", "open('selftest')", "Self-test", id="home-selftest"),
        Binding("o", "open('settings')", "Settings", id="home-settings"),
        Binding("question_mark", "app.help", "Help", id="home-help"),
        Binding("q", "app.quit", "Quit", id="quit-home"),
        Binding("enter", "start_selected", "Start selected", id="start-selected", show=False),
        Binding("r", "resume", "Resume", id="resume"),
        Binding("x", "close_partial", "Close unfinished", id="close-partial"),
        Binding("e", "rate_last", "Rate last workout", id="rate-last"),
        Binding("a", "answer(True)", "Accept", id="home-accept"),
        Binding("d", "answer(False)", "Dismiss", id="home-dismiss"),
    ]

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-middle"), (120, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (26, "-tall")]
    # The programs have the focus (Textual would first focus the suggestions, the first
    # list); with the figures in, they take it as they are made (see _cards).
    AUTO_FOCUS = "#program-choice"

    face: var[HomeFace | None] = var(None, init=False)

    def __init__(self, services: Services, face: HomeFace | None = None) -> None:
        """``face``: Home's figures read before the first paint (``quick_home``), in
        words, drawn in the first frame; without them Home paints a line and reads them
        in a worker."""
        # The size's classes from the start: Textual sets them on the first resize, after
        # the first frame, which would be drawn without them (at 80x24, as if tall).
        super().__init__(classes=" ".join(_size_classes(self.app.size)))
        self.services = services
        self.set_reactive(HomeScreen.face, face)
        self._painted = threading.Event()  # the first frame with data is drawn
        self._mounting: list[AwaitMount] = []  # cards mounted while filling, to await
        self._reviewed = False  # the coach has been asked to look at the log

    def compose(self) -> ComposeResult:
        face = self.face
        yield Static(
            Content.assemble(("◐ glutetui", "bold"), " — gluteus medius coach"), id="title-bar"
        )
        # The cards sit straight on the screen, under the docked title and over the docked
        # key bar: no container round them, one node fewer to style and lay out before
        # the first frame.
        # With the figures in, each card is made with its content, so filling it before
        # the first frame changes nothing (an update lays the card out again).
        today = Static(
            _today(face) if face is not None else Content("Loading your programs and history…"),
            id="today",
            classes="card",
        )
        today.border_title = "Today"
        yield today
        if _wants_status(set(self.classes)):
            yield _status_card(face)
        if face is not None:
            # The cards in the order _fill and _card keep them in.
            if face.suggestions:
                yield _suggestion_card()
            if face.resume is not None:
                yield _resume_card()
            yield from self._cards(face)
            if face.problems:
                yield _problems_card()
            yield KeyBar()
        # Without figures the first frame holds only what needs none, in few widgets;
        # the cards come with them (see _build). The key bar too: drawn now, it would
        # take a frame of its own between this one and the figures', and its keys do
        # nothing yet.

    def on_mount(self) -> None:
        face = self.face
        if face is not None:
            # In the first frame: filled before it is painted (the programs are focused
            # as they are composed: AUTO_FOCUS).
            self._fill(face)
            # The review and the store follow once that frame is out (see load): the
            # worker's thread is not even started before it.
            self._painted.set()
            self.call_after_refresh(self.load)
            return
        # Read at once: the worker's imports share the processor with the first frame
        # for a few milliseconds, where waiting for the screen's next refresh would
        # leave it idle for a whole update tick.
        self.load()

    @work(thread=True, exclusive=True, group="home", exit_on_error=False)
    def load(self) -> None:
        """Home's figures: the quick read first (if not made before the first frame
        and the file allows it), then the full one, after the coach's review.

        The full read opens the store, so it also brings the app's services up."""
        from glutetui.catalog import CatalogError
        from glutetui.readouts.home_face import home_face
        from glutetui.store.errors import StoreError

        try:
            if self.face is None:
                quick = self.services.quick_home()
                if quick is not None:
                    deliver(self, self._set_data, quick, home_face(quick), False)
            if self.face is not None and not self.face.complete:
                # Let the quick data's frame reach the screen before importing SQLAlchemy
                # and opening the store, which would otherwise compete with painting it.
                # Once drawn, the frame still has to be written out by Textual's output
                # thread: a moment's pause hands it the processor before a long import
                # holds it.
                self._painted.wait(timeout=2.0)
                time.sleep(FRAME_OUT_SECONDS)
            data = self.services.home_data()
        except (CatalogError, StoreError) as exc:
            deliver(self, self.post_message, Fatal(str(exc)))
            return
        except OSError as exc:
            deliver(self, self.post_message, Fatal(f"{exc.strerror or exc}"))
            return
        deliver(self, self._set_data, data, home_face(data), True)

    def _set_data(self, data: HomeData, face: HomeFace, full: bool) -> None:
        if full or self.face is None or not self.face.complete:
            self.face = face
            if full:
                self.post_message(HomeLoaded(data))
        if full and not self._reviewed:
            # Time passes: the coach looks at the log once Home has it (a long break is
            # noticed before the next workout). The writer does it; Home reads again when
            # it makes something (a ``suggestions`` change).
            self._reviewed = True
            self.services.path.review()

    def on_resize(self, event: events.Resize) -> None:
        """A Resize to the size Home is already laid out at changes nothing: skip
        Textual's handling of it (another whole layout and paint of the screen).

        Textual sends Home three such Resizes as it starts, right after the first
        frame; each laid out and painted it again, holding up the output thread that
        writes the first frame by several milliseconds. A real change of size, or
        breakpoint classes that do not match the size, still go through; one that
        makes the last workout a line under Today mounts that line."""
        coming = set(_size_classes(event.size))
        if event.size == self.size and all(map(self.has_class, coming)):
            event.prevent_default()
            return
        if _wants_status(coming | ({"-remote"} & set(self.classes))):
            self._mount_status()

    def on_remote_code_shown(self, event: RemoteCode.Shown) -> None:
        """The phone remote's corner takes a third of a middling row (see home.tcss)."""
        self.set_class(event.showing, "-remote")
        if _wants_status(set(self.classes)):
            self._mount_status()

    def _mount_status(self) -> None:
        """The line under Today, the first time the layout asks for it."""
        if self.query_one_optional("#today-status") is None:
            self.mount(_status_card(self.face), after="#today")

    def offer_remote(self) -> None:
        """The phone remote is on: its corner joins the programs' row, once (the app
        draws it when it mounts, see RemoteCode.Wanted). Without the remote, Home has
        no corner to style, lay out or hide on the way to its first frame."""
        columns = self.query_one_optional("#columns")
        if columns is not None and self.query_one_optional("#home-remote") is None:
            columns.mount(_remote_card())

    def on_changed(self, event: Changed) -> None:
        """An intent changed what Home shows (an answer, a closed workout, a setting)."""
        if event.change.topic not in ("note", "progress"):
            self.load()

    def _cards(self, face: HomeFace) -> list[Widget]:
        """The cards every home shows, composed with Home: this week's plan, the
        programs and the last workout in their row, and the safety line until there is
        a workout (see _fill)."""
        columns = _column_cards(face)
        self._focus_unstyled(columns[0])
        cards: list[Widget] = [_week_card(), Horizontal(*columns, id="columns")]
        if face.last is None:
            cards.append(_safety_card())
        return cards

    def _focus_unstyled(self, programs: Widget) -> None:
        """The focus, for the programs made and not yet mounted: styled as focused when
        they are mounted. Focused once mounted (AUTO_FOCUS), the list and each of its
        five parts would be styled again on the way to the first frame."""
        programs.set_reactive(Widget.has_focus, True)  # as Textual's auto focus sets it
        self.set_focus(programs, scroll_visible=False)

    def _build(self) -> list[AwaitMount]:
        """Mount the cards that every home shows, once, the first time there is data
        (when it came after the first frame).

        The mounts are awaited only once watch_data has filled the cards: they join
        the screen at once."""
        if self.query_one_optional("#columns") is not None:
            return []
        columns = Horizontal(id="columns")
        cards = _column_cards()
        mounts = [
            self.mount(_week_card(), columns, KeyBar()),
            columns.mount(*cards),  # in the DOM now: watch_data finds them
        ]
        cards[0].focus()
        return mounts

    def _card(
        self, card_id: str, wanted: bool, make: Callable[[], W], before: str | None = None
    ) -> W | None:
        """A card most homes never show (suggestions, an unfinished workout, skipped
        files), mounted the first time there is something in it: each one less to style
        and lay out on the way to the data frame. Then kept, and hidden when empty."""
        found = self.query_one_optional(f"#{card_id}")
        if found is not None:
            return cast("W", found)
        if not wanted:
            return None
        card = make()
        self._mounting.append(self.mount(card, before=before))
        return card

    async def watch_face(self, face: HomeFace | None) -> None:
        """Fill the screen with what the worker read."""
        if face is None:
            return
        # One frame for all of it: without the batch, Textual paints while the mounts
        # are awaited, a half-built Home (the Today card, no cards under it) that costs
        # about as much as the whole and holds the data frame back.
        with self.app.batch_update():
            first = self._build()
            self._mounting = list(first)
            self._fill(face)
            for mounted in self._mounting:
                await mounted
        if not face.complete:
            # The next frame is the one with the figures: the worker waits for it before
            # importing SQLAlchemy, which would compete with drawing it.
            self.call_after_refresh(self._painted.set)

    def _fill(self, face: HomeFace) -> None:
        """Put the figures in the cards (mounted or about to be)."""
        _show(self.query_one("#today", Static), _today(face))
        status = self.query_one_optional("#today-status", Static)
        if status is not None:
            _show(status, Content(face.status_line))
        options = self.query_one("#program-choice", OptionList)
        highlighted = options.highlighted
        # All at once (each option added alone lays out every option again), and only
        # when they changed: the first frame's list is made with its options.
        if _labels(options.options) != list(face.programs):
            options.set_options(_program_options(face))
        if face.programs:
            ids = [program for program, _ in face.programs]
            options.highlighted = highlighted or ids.index(face.suggested_id)
            # The list may not have its size yet the first time: scroll once it has,
            # so today's program is always in view on a short terminal.
            options.call_after_refresh(options.scroll_to_highlight)
        _show(self.query_one("#progress-card", Static), _progress(face))
        self.query_one("#home-week", WeekStrip).show(face.week, face.next_planned)
        self._show_resume(face)
        self._show_suggestions(face)
        # The safety line until there is a workout, mounted only for that, and then the
        # skipped files: at the foot, in the order compose gives them.
        safety = self._card("safety", face.last is None, _safety_card)
        if safety is not None:
            safety.set_class(face.last is not None, "-hidden")
        problems = self._card("problems", bool(face.problems), _problems_card)
        if problems is not None:
            problems.set_class(not face.problems, "-hidden")
            problems.update(Content("Skipped: " + "\n".join(face.problems)))
        self.refresh_bindings()

    def _show_suggestions(self, face: HomeFace) -> None:
        # Above the unfinished workout's card, if there is one, else above the week: where
        # compose puts them when they are there from the start.
        before = "#resume" if self.query_one_optional("#resume") else "#home-week"
        shown = self._card("home-suggestions", bool(face.suggestions), _suggestion_card, before)
        if shown is not None:
            shown.show(face.suggestions)

    def _show_resume(self, face: HomeFace) -> None:
        card = self._card("resume", face.resume is not None, _resume_card, before="#home-week")
        if card is None:
            return
        card.set_class(face.resume is None, "-hidden")
        w = face.resume
        if w is None:
            return
        if w.elsewhere:
            card.update(
                Content.assemble(
                    (w.program_name, "bold"),
                    f" from {w.when} is running on {w.elsewhere}.\n",
                    (
                        "It can be resumed or closed here once that device has stopped.",
                        "dim",
                    ),
                )
            )
            return
        resume = (("r", "bold"), " resume there   ") if w.resumable else ()
        card.update(
            Content.assemble(
                (w.program_name, "bold"),
                f" from {w.when} {w.stopped}.\n",
                *resume,
                ("x", "bold"),
                " close it as partial",
            )
        )

    # --- actions ------------------------------------------------------------------------

    def action_start_selected(self) -> None:
        self.query_one("#program-choice", OptionList).action_select()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        face = self.face
        if action == "rate_last":
            return face is not None and face.last is not None and face.last.unrated > 0
        if action == "resume":
            return face is not None and face.resume is not None and face.resume.resumable
        if action == "close_partial":
            return face is not None and face.resume is not None and not face.resume.elsewhere
        if action in ("start_today", "open"):
            return face is not None
        if action == "answer":
            found = self._suggestions()
            return found is not None and found.waiting
        return True

    def _suggestions(self) -> SuggestionList | None:
        """The suggestions' card, once there have been suggestions to show (the list's
        module is loaded with the first of them: most days Home has none)."""
        return cast("SuggestionList | None", self.query_one_optional("#home-suggestions"))

    def action_answer(self, accept: bool) -> None:
        found = self._suggestions()
        if found is not None:
            found.answer(accept)

    # The intents are imported where they are sent: Home's module is on the way to the
    # first frame, and the intents (msgspec structs) are not needed before a key.

    def on_suggestion_list_answered(self, event: SuggestionList.Answered) -> None:
        from glutetui.intents import AnswerSuggestion

        self.services.path.send(
            AnswerSuggestion(suggestion=event.suggestion_id, accept=event.accept)
        )

    def action_open(self, name: str) -> None:
        self.post_message(Navigate(name))

    def action_start_today(self) -> None:
        from glutetui.intents import StartProgram

        if self.face is not None:
            self.services.path.send(StartProgram(program=self.face.suggested_id))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        from glutetui.intents import StartProgram

        if self.face is None or event.option.id is None:
            return
        if event.option.id in {program for program, _ in self.face.programs}:
            self.services.path.send(StartProgram(program=event.option.id))

    def action_rate_last(self) -> None:
        from glutetui.screens.summary import SummaryScreen

        last = self.face.last if self.face is not None else None
        if last is not None and last.unrated:
            self.app.push_screen(SummaryScreen(self.services, last.workout_id))

    def action_resume(self) -> None:
        from glutetui.intents import ResumeUnfinished

        resume = self.face.resume if self.face is not None else None
        if resume is not None and resume.resumable:
            self.services.path.send(ResumeUnfinished(workout=resume.workout_id))

    def action_close_partial(self) -> None:
        from glutetui.intents import CloseUnfinished

        resume = self.face.resume if self.face is not None else None
        if resume is None or resume.elsewhere:
            return
        self.services.path.send(CloseUnfinished(workout=resume.workout_id))


def _size_classes(size: Size) -> list[str]:
    """The breakpoint classes Textual gives Home at ``size`` (the widest or tallest
    breakpoint each way that the size reaches)."""
    classes = []
    for extent, breakpoints in (
        (size.width, HomeScreen.HORIZONTAL_BREAKPOINTS),
        (size.height, HomeScreen.VERTICAL_BREAKPOINTS),
    ):
        reached = [name for at, name in sorted(breakpoints) if extent >= at]
        if reached:
            classes.append(reached[-1])
    return classes


def _show(static: Static, content: Content) -> None:
    """``content`` in ``static``, unless it is there already: an update lays the card
    out again."""
    shown = static.content
    if not (
        isinstance(shown, Content) and shown.plain == content.plain and shown.spans == content.spans
    ):
        static.update(content)


def _today(face: HomeFace) -> Content:
    # Beside the program's name, where it fits at 80 columns.
    done = "  ✓ done today" if face.done_today else ""
    return Content.assemble(
        (face.suggested_name, "bold"),
        f"  ·  {face.suggested_length}{done}\n",
        ("Press s to start: it runs by itself to the end, no keys needed.", "dim"),
    )


def _wants_status(classes: set[str]) -> bool:
    """Whether Home's layout with these classes has the last workout as a line under
    Today rather than a card (see home.tcss): narrow, or beside the phone's corner."""
    return "-narrow" in classes or {"-middle", "-remote"} <= classes


def _status_card(face: HomeFace | None) -> Static:
    return Static(Content(face.status_line) if face is not None else "", id="today-status")


def _safety_card() -> Static:
    return Static(Content(SAFETY), id="safety")


def _column_cards(face: HomeFace | None = None) -> list[Widget]:
    """The programs (with their options when the figures are in) and the last workout,
    side by side; the phone remote's corner joins them while the remote is on
    (:meth:`HomeScreen.offer_remote`)."""
    choices = _program_options(face) if face is not None else ()
    programs = OptionList(*choices, id="program-choice", classes="card")
    programs.border_title = "Programs · Enter starts one"
    progress = Static(
        _progress(face) if face is not None else "", id="progress-card", classes="card"
    )
    progress.border_title = "Last workout"
    return [programs, progress]


def _remote_card() -> RemoteCode:
    from glutetui.widgets.remote_code import RemoteCode  # loaded with the remote

    remote = RemoteCode(id="home-remote", classes="card")
    remote.border_title = "Phone remote"
    return remote


def _program_options(face: HomeFace) -> list[Option]:
    """Each program with its length, the user's own marked."""
    return [Option(Content(label), id=program) for program, label in face.programs]


def _labels(options: Sequence[Option]) -> list[tuple[str | None, str]]:
    return [
        (o.id, o.prompt.plain if isinstance(o.prompt, Content) else str(o.prompt)) for o in options
    ]


def _week_card() -> WeekStrip:
    week = WeekStrip(id="home-week", classes="card")
    week.border_title = "This week"
    return week


def _suggestion_card() -> SuggestionList:
    from glutetui.widgets.suggestions import SuggestionList

    suggestions = SuggestionList(id="home-suggestions", classes="card")
    suggestions.border_title = "Suggestions · a accepts, d dismisses"
    return suggestions


def _resume_card() -> Static:
    resume = Static(id="resume", classes="card -hidden")
    resume.border_title = "Unfinished workout"
    return resume


def _problems_card() -> Static:
    return Static(id="problems", classes="-hidden")


def _progress(face: HomeFace) -> Content:
    """The last workout and the streak, for the card beside the programs."""
    last = face.last
    if last is None:
        head = Content("No workouts yet. Your first one starts with s.")
    else:
        head = Content.assemble(
            (last.program_name, "bold"), f"\n{last.when} · {last.how_long}\n{last.amount}"
        )
        if last.rate_line:
            head = Content.assemble(head, "\n", (last.rate_line, "bold"))
    return Content.assemble(head, "\n\n", ("Streak", "bold"), f"\n{face.streak_line}")
