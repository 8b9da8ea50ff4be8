"""GlutetuiApp: the Textual application, kept thin.

The app makes its :class:`~glutetui.services.Services` before any screen (and the one
:class:`~glutetui.usecases.path.IntentPath` the first time it is asked for), and hands
the services to each screen as it is built. Screens send what the person asks for to the path
(``services.path.send(...)``) and post the few messages that cross screens
(``glutetui.widgets.messages``); none of them needs this class. The app shows what
the path reports back (a workout started, the history changed, a setting) and routes
screens by name. The first frame is Home with its figures, read from the SQLite file
with the standard library before it is built (no SQLAlchemy, no Alembic); Home's
worker then reviews the progression and opens the store.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.css.stylesheet import Stylesheet
from textual.screen import Screen

from glutetui.platform import startup
from glutetui.platform.clock import Clock, SystemClock
from glutetui.platform.locations import Locations, resolve
from glutetui.screens.home import HomeScreen
from glutetui.services import Services
from glutetui.widgets.failures import ReportsFailures
from glutetui.widgets.messages import Changed, Fatal, HomeLoaded, Navigate

if TYPE_CHECKING:
    from textual.css.types import CSSLocation
    from textual.timer import Timer

    from glutetui.platform.awake import KeepAwake
    from glutetui.platform.settings import Settings
    from glutetui.platform.spawned import Spawned
    from glutetui.readouts.home_face import HomeFace
    from glutetui.remote.link import RemoteLink, RemoteStatus
    from glutetui.usecases.path import Change, IntentPath
    from glutetui.widgets.remote_code import RemoteCode
    from glutetui.workout.sounds import SoundLayer

# How long Home's first frame waits for the helper reading its figures (a few tens of
# milliseconds as a rule; a cold disk can take longer) before reading them itself.
EARLY_FACE_SECONDS = 2.0

SoundFactory = Callable[["GlutetuiApp", "Settings"], "SoundLayer"]

# The sheets on the way to the first frame: the app's and Home's, in that order.
# Absolute paths, as Textual names a sheet it reads: finding Home's already loaded under
# its name, Textual does not read it again when Home is shown (a sheet it had not
# read would make it parse every sheet again).
SHEETS = (Path(__file__).with_name("app.tcss").absolute(), HomeScreen.CSS_PATH.absolute())


def compact_sheet(css: str) -> str:
    """``css`` with the same rules, without comments and the white space that only lays
    it out.

    Textual's tokenizer makes a token of every run of white space, over half of a sheet
    laid out to be read (Textual's own widgets' included), and parsing sheets is on the
    way to the first frame. White space stays where it separates (the parts of a value,
    a selector and its descendant) and goes round braces and semicolons and after a
    colon, where it only lays the sheet out. (A space before a colon can mean a
    descendant: ``A :focus``.) String methods, not regular expressions: compiling those
    would cost what this saves.
    """
    original = css
    kept: list[str] = []
    start = 0
    while (opened := css.find("/*", start)) >= 0:
        closed = css.find("*/", opened + 2)
        kept.append(css[start:opened])
        kept.append(" ")
        start = len(css) if closed < 0 else closed + 2
    kept.append(css[start:])
    css = "".join(kept)
    if "# " in css:
        # A line comment ("# " to the end of the line, as in Textual's Button) would
        # swallow the rest of a sheet put on one line: such lines go, and a sheet with
        # one anywhere else is left as written.
        lines = css.splitlines()
        css = "\n".join(line for line in lines if not line.lstrip().startswith("# "))
        if "# " in css:
            return original
    css = " ".join(css.split())
    for spaced, bare in (("{ ", "{"), (" {", "{"), ("} ", "}"), (" }", "}"), ("; ", ";")):
        css = css.replace(spaced, bare)
    return css.replace(" ;", ";").replace(": ", ":")


class CompactStylesheet(Stylesheet):
    """Textual's stylesheet, keeping every source compacted (:func:`compact_sheet`): the
    app's sheets, each screen's as it is first shown, and every widget's DEFAULT_CSS,
    Textual's own (the App's, the Screen's, OptionList's) as much as the app's. They
    parse to the same rules in about half the tokens.

    A source is compacted as it is added, so Textual's check that a source it adds
    again is the one it has compares like with like: nothing is parsed twice."""

    def add_source(
        self,
        css: str,
        read_from: CSSLocation | None = None,
        is_default_css: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> None:
        super().add_source(compact_sheet(css), read_from, is_default_css, tie_breaker, scope)

    def read(self, filename: str | PurePath) -> None:
        super().read(filename)
        # Under the name Textual gives it (see Stylesheet.read), with its content compacted.
        found = os.path.abspath(os.path.expanduser(filename))
        source = self.source[(found, "")]
        self.source[(found, "")] = source._replace(content=compact_sheet(source.content))


class GlutetuiApp(ReportsFailures, App[None]):
    """A hands-free coach for the gluteus medius."""

    TITLE = "glutetui"
    SUB_TITLE = "gluteus medius coach"
    # The app's sheet and Home's are read by __init__ (see SHEETS); every other screen
    # brings its own (CSS_PATH) when it is first shown. All are kept compacted
    # (CompactStylesheet).
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="quit", show=False, priority=True),
        Binding("question_mark,f1", "help", "Help", id="help", show=False),
        # Shown only while a phone is connected to the remote.
        Binding("u", "let_phone_go", "Let the phone go", id="phone-off"),
    ]

    def __init__(
        self,
        locations: Locations | None = None,
        start_program: str | None = None,
        *,
        clock: Clock | None = None,
        sound_factory: SoundFactory | None = None,
        keep_awake: KeepAwake | None = None,
        remote: bool = False,
        early_face: Spawned | None = None,
    ) -> None:
        """``early_face``: Home's figures being read by a helper process (the command
        line starts it before Textual is loaded); else Home's first frame reads them
        here."""
        super().__init__()
        # Every sheet added from here on goes in compacted: the stylesheet App.__init__
        # made, still empty, becomes a CompactStylesheet in place (a new one would have to
        # work out the theme's variables again).
        self.stylesheet.__class__ = CompactStylesheet
        self.stylesheet.read_all(SHEETS)
        self._early_face = early_face
        self._remote_asked = remote  # --remote; else the remote setting decides
        self.remote: RemoteLink | None = None
        self._remote_status: RemoteStatus | None = None
        self._renewing: Timer | None = None
        self._keep_awake = keep_awake
        self.locations = locations or resolve()
        self.start_program = start_program
        self.clock: Clock = clock or SystemClock()
        self.sound_factory = sound_factory
        self.services = Services(self.locations, self.clock)
        self.services.on_problem = self._problem_from_thread
        self.services.make_path = self._make_path
        self._sound: SoundLayer | None = None
        self._settled = False  # Home has shown its full data once
        self._heartbeat: Timer | None = None

    def _make_path(self) -> IntentPath:
        return self.services.path_for(lambda: self.sound, self._changed, self._background)

    @property
    def intents(self) -> IntentPath:
        """The one path every intent takes (made on first use, off the first frame's
        way: Home's keys need it only once its figures are in)."""
        return self.services.path

    def get_default_screen(self) -> HomeScreen:
        """Home is the first screen and the bottom of the stack: Textual builds no blank
        screen to lay out and paint under it."""
        # The saved theme costs one small TOML read; set before Home is styled, it avoids
        # a flash of another theme and styling Home twice.
        theme = _saved_theme(self.locations.settings)
        if theme in self.available_themes:
            self.theme = theme
        if self.start_program is not None:
            return HomeScreen(self.services)  # the workout's opening is drawn first
        return HomeScreen(self.services, _first_face(self.services, self._early_face))

    def on_mount(self) -> None:
        if self.start_program is not None:
            # `glutetui start`: the workout opening is the first thing drawn. Pushed while
            # the app is still mounting, Home (made underneath) is never painted.
            from glutetui.screens.starting import StartingScreen

            self.push_screen(StartingScreen())

    # --- what Home reports -------------------------------------------------------------

    def on_home_loaded(self, message: HomeLoaded) -> None:
        """Home has its full figures: the services are up. The first time, apply the
        settings' theme and open the workout asked for on the command line."""
        if not self.is_running:
            # Closing already (a quit before Home's data came from its thread): there is
            # nothing left to start, and Textual takes no new subscriptions now.
            return
        if self.remote is not None and isinstance(self.screen, HomeScreen):
            self.screen.offer_remote()  # its cards may have come only now
            self.remote.at_home(message.data.suggested.name, message.data.next_planned)
        if self._settled:
            return
        self._settled = True
        startup.end()  # start-up is over (the command line began it)
        settings = self.services.settings
        if settings.theme in self.available_themes:
            self.theme = settings.theme
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.screen_change_signal.subscribe(self, self._screen_changed)
        if self._remote_asked or settings.remote:
            self.run_worker(self._start_remote(), group="remote", exclusive=True)
        if self.start_program is not None:
            from glutetui.intents import StartProgram

            wanted = self.start_program or message.data.suggested.id
            self.start_program = None
            self.intents.send(StartProgram(program=wanted))

    def on_fatal(self, message: Fatal) -> None:
        from glutetui.screens.problem import ProblemScreen

        startup.end()  # start-up is over (the command line began it)
        self.push_screen(ProblemScreen(message.text))

    def home_screen(self) -> HomeScreen | None:
        """Home, wherever it is on the stack."""
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                return screen
        return None

    # --- what the intent path reports ------------------------------------------------------

    def _from_any_thread(self, show: Callable[[], None]) -> None:
        """Run ``show`` on the UI thread: at once when called there, else as a message
        (``call_later`` posts one, thread-safely). A message never waits for the screen,
        so the writer never waits for it."""
        if threading.current_thread() is threading.main_thread():
            show()
        else:
            self.call_later(show)

    def _changed(self, change: Change) -> None:
        """From any thread: the path's report, shown on the UI thread."""
        self._from_any_thread(lambda: self._show_change(change))

    def _background(self, work: Callable[[], None], name: str) -> None:
        """Slow work the path asks for (saving settings, the report): a thread worker."""

        def start() -> None:
            self.run_worker(work, name=name, group=name, thread=True, exit_on_error=False)

        self._from_any_thread(start)

    def _show_change(self, change: Change) -> None:
        if change.topic == "started" and change.run is not None:
            from glutetui.screens.starting import StartingScreen
            from glutetui.screens.workout import WorkoutScreen

            workout = WorkoutScreen(change.run, self.services, self.keep_awake)
            if any(isinstance(s, StartingScreen) for s in self.screen_stack):
                # In the opening's place (over anything opened meanwhile, Help say): Home
                # stays under it.
                while not isinstance(self.screen, StartingScreen):
                    self.pop_screen()
                self.switch_screen(workout)
            else:
                self.push_screen(workout)
            self._beat()
            if self.remote is not None:
                self.remote.follow(change.run)
            return
        if change.topic == "taken":
            # The workout went on elsewhere: back to Home, which shows where it runs.
            while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
                self.pop_screen()
        if change.topic == "settings" and change.settings is not None:
            self._apply_settings(change.settings)
        if change.message:
            if change.topic in ("problem", "taken"):
                self.notify(change.message, severity="error", timeout=8, markup=False)
            else:
                # Where a file went takes longer to read than a passing note.
                timeout = 20 if change.topic == "written" else 5
                self.notify(change.message, timeout=timeout, markup=False)
        for screen in self.screen_stack:
            screen.post_message(Changed(change))

    def _beat(self) -> None:
        """Renew the running workout's lease every little while (glutetui.store.lease)."""
        from glutetui.store.lease import HEARTBEAT_SECONDS

        if self._heartbeat is None:
            self._heartbeat = self.set_interval(HEARTBEAT_SECONDS, self.intents.heartbeat)

    # --- sound, keeping awake ------------------------------------------------------------

    @property
    def sound(self) -> SoundLayer:
        """Beeps and speech, made when first needed (the first workout)."""
        if self._sound is None:
            self._sound = self.make_sound(self.services.settings)
        return self._sound

    def make_sound(self, settings: Settings) -> SoundLayer:
        if self.sound_factory is not None:
            return self.sound_factory(self, settings)
        from glutetui.platform.sound import Player, Speaker, find_player, find_speech_command
        from glutetui.workout.sounds import SoundLayer

        player_path = find_player()
        return SoundLayer(
            self.bell,
            Speaker(find_speech_command(), rate=settings.speech_rate),
            Player(player_path) if player_path else None,
            sounds=settings.sounds,
            speech=bool(settings.speech),
            rep_ticks=settings.rep_ticks,
        )

    @property
    def keep_awake(self) -> KeepAwake:
        """Keeps the screen from sleeping during a workout (made on first use; the
        workout screen asks it only when the keep_awake setting is on)."""
        if self._keep_awake is None:
            from glutetui.platform.awake import KeepAwake

            self._keep_awake = KeepAwake()
        return self._keep_awake

    def _apply_settings(self, settings: Settings) -> None:
        """Use new settings at once: sounds now, doses and pauses from the next workout."""
        if self._sound is not None:
            self._sound.sounds = settings.sounds
            self._sound.rep_ticks = settings.rep_ticks
            if self._sound.speech != bool(settings.speech):
                self._sound.toggle_speech()
            self._sound.speaker.rate = settings.speech_rate
        if self._keep_awake is not None and not settings.keep_awake:
            self._keep_awake.release()
        if settings.theme in self.available_themes and settings.theme != self.theme:
            self.theme = settings.theme
        if settings.remote and self.remote is None:
            self.run_worker(self._start_remote(), group="remote", exclusive=True)
        elif not settings.remote and not self._remote_asked and self.remote is not None:
            self.run_worker(self._stop_remote(), group="remote", exclusive=True)

    def _theme_changed(self, theme: object) -> None:
        from glutetui.intents import ChangeSetting

        name = getattr(theme, "name", None)
        if name and name != self.services.settings.theme:
            self.intents.send(ChangeSetting(key="theme", value=name))

    def _problem(self, message: str) -> None:
        from glutetui.screens.starting import StartingScreen

        self.notify(message, severity="error", timeout=8, markup=False)
        if isinstance(self.screen, StartingScreen):
            self.screen.give_up()  # the workout could not be opened: Home, with the reason

    def _problem_from_thread(self, message: str) -> None:
        """The writer's problems arrive on its thread."""
        self._from_any_thread(lambda: self._problem(message))

    # --- the phone remote ---------------------------------------------------------------

    async def _start_remote(self) -> None:
        """Serve the phone remote (only now are aiohttp and segno imported)."""
        if self.remote is not None:
            return
        from glutetui.remote.link import RENEW_EVERY, RemoteLink

        link = RemoteLink(self.intents.send, self._show_remote, clock=self.clock)
        try:
            await link.start()
        except OSError as exc:
            self.notify(
                f"The phone remote could not start: {exc.strerror or exc}.",
                severity="error",
                timeout=8,
            )
            return
        self.remote = link
        self._renewing = self.set_interval(RENEW_EVERY, link.renew_code)
        self._screen_changed(self.screen)
        if self.intents.run is not None and not self.intents.run.engine.finished:
            link.follow(self.intents.run)

    async def _stop_remote(self, *, closing: bool = False) -> None:
        link, self.remote = self.remote, None
        if link is None:
            return
        if self._renewing is not None:
            self._renewing.stop()
        if not closing:
            self._show_remote(None)
        await link.stop()

    def _show_remote(self, status: RemoteStatus | None) -> None:
        """Draw the remote's corner on every screen that has one (None: off)."""
        from glutetui.widgets.remote_code import RemoteCode  # loaded with the remote

        self._remote_status = status
        for screen in self.screen_stack:
            if status is not None and isinstance(screen, HomeScreen):
                screen.offer_remote()  # mounted now, drawn once mounted (Wanted)
            for code in screen.query(RemoteCode):
                self._draw_code(code)
        if self.screen_stack:
            self.refresh_bindings()  # u lets a connected phone go

    def _draw_code(self, code: RemoteCode) -> None:
        status = self._remote_status
        if status is None:
            code.show((), "", False)
        else:
            code.show(status.rows, status.address, status.connected)

    def on_remote_code_wanted(self, message: RemoteCode.Wanted) -> None:
        self._draw_code(message.widget)

    def _screen_changed(self, screen: Screen[Any]) -> None:
        """Tell the phone where the person is now."""
        link = self.remote
        if link is None:
            return
        run = self.intents.run
        if run is not None and not run.engine.finished:
            return  # the workout is what the phone shows, on any screen over it
        if isinstance(screen, HomeScreen):
            link.follow(None)
            face = screen.face
            link.at_home(
                face.suggested_name if face is not None else None,
                face.next_planned if face is not None else None,
            )
        elif run is None or screen.__class__.__name__ != "SummaryScreen":
            link.elsewhere(_screen_name(screen))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "let_phone_go":
            return self.remote is not None and self.remote.server.connected
        if action == "help":  # not offered (in the palette) on Help itself
            return type(self.screen).__name__ != "HelpScreen"
        return True

    def action_let_phone_go(self) -> None:
        if self.remote is not None and self.remote.server.connected:
            self.remote.disconnect()
            self.notify("The phone is let go. Scan the new code to connect it again.")

    # --- screens by name, and the command palette -----------------------------------------

    def on_navigate(self, message: Navigate) -> None:
        self.open(message.name)

    def open(self, name: str) -> None:
        """Show one of the screens by name (the palette, Home's keys); ``home`` goes back
        to Home, which reads again what the screens above it changed."""
        if name == "home":
            while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
                self.pop_screen()
            if isinstance(self.screen, HomeScreen):
                self.screen.load()
            return
        from glutetui.screens.exercises import ExercisesScreen
        from glutetui.screens.help import HelpScreen
        from glutetui.screens.history import HistoryScreen
        from glutetui.screens.programs import ProgramsScreen
        from glutetui.screens.selftest import SelfTestScreen
        from glutetui.screens.settings import SettingsScreen

        screens: dict[str, Callable[[Services], Screen[Any]]] = {
            "history": HistoryScreen,
            "programs": ProgramsScreen,
            "exercises": ExercisesScreen,
            "selftest": SelfTestScreen,
            "settings": SettingsScreen,
            "help": lambda services: HelpScreen(),
        }
        self.push_screen(screens[name](self.services))

    def action_help(self) -> None:
        from glutetui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.open("help")

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        from glutetui.widgets.palette import Palette

        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(Palette(id="--command-palette"))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """glutetui's commands once each (see widgets.palette), and Textual's theme and quit."""
        from glutetui.screens.starting import StartingScreen
        from glutetui.widgets.palette import commands

        run = self.intents.run
        # During a workout (its screen, the effort check, the end's question) and while
        # one opens, the palette holds only the keys of what is on screen.
        busy = (run is not None and not run.engine.finished) or any(
            isinstance(s, StartingScreen) for s in self.screen_stack
        )
        yield from commands(
            screen,
            self.services.catalog.programs.values(),
            self.intents.send,
            super().get_system_commands(screen),
            navigate=self.open,
            run_action=self.run_action,
            in_workout=busy,
        )

    # --- the end -------------------------------------------------------------------------

    async def on_unmount(self) -> None:
        await self._stop_remote(closing=True)
        self.shutdown()

    def shutdown(self) -> None:
        """Let the screen sleep again, end every sound child and close the database."""
        if self._keep_awake is not None:
            self._keep_awake.close()
        if self._sound is not None:
            self._sound.close()
        self.services.close()  # the writer's queue is written first
        self.services.lease.release()


def _first_face(services: Services, early: Spawned | None) -> HomeFace | None:
    """Home's figures for its first frame, in words: from the helper process reading
    them (``early``), else read on the spot (a few milliseconds: the SQLite file
    read-only with the standard library). None when they need the store first, or
    cannot be read: Home's worker then reads them, and reports what failed."""
    from glutetui.readouts.home_face import decode

    if early is not None:
        payload = early.result(timeout=EARLY_FACE_SECONDS)
        if payload is not None:
            try:
                return decode(payload)
            except ValueError:
                pass  # read again here, where a failure is reported
    from glutetui.catalog import CatalogError
    from glutetui.readouts.home_face import home_face

    try:
        data = services.quick_home()
    except (CatalogError, OSError, ValueError):
        return None
    return None if data is None else home_face(data)


def _saved_theme(path: Path) -> str | None:
    """Just the theme from settings.toml, before the first frame: no validation library,
    and no complaint about a broken file (the full load reports that)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None  # most often: no settings file, and no TOML reader to import
    import tomllib

    try:
        theme = tomllib.loads(text).get("theme")
    except tomllib.TOMLDecodeError:
        return None
    return theme if isinstance(theme, str) else None


def _screen_name(screen: Screen[Any]) -> str:
    """A screen's name for the phone: "History", "Settings", ..."""
    name = screen.__class__.__name__.removesuffix("Screen")
    return {"SelfTest": "the self-test", "Exercises": "the exercise library"}.get(name, name)
