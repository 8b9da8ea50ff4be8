"""The one way in: every intent, whoever sends it, is checked and carried out here.

A key, a palette entry, a click, the phone remote and a script all hand an intent to
:meth:`IntentPath.send`. What it finds decides what happens: a workout intent goes to
the running workout (nothing happens when none runs, or when the intent does not fit
the moment — a rating outside the effort check, say); everything that writes the
history is a job of the one writer, in order and off the caller's thread. What an
intent changed comes back as a :class:`Change` to the one listener (the app), which
shows it; the workout's own watchers (the screen, the phone) see its events directly.

Plain Python: no Textual. How a new intent is added is in ``docs/intents.md``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import msgspec

from glutetui.intents import (
    AddRest,
    AnswerSuggestion,
    AnyIntent,
    Attend,
    Back,
    ChangeSetting,
    CloseUnfinished,
    Correct,
    EndWorkout,
    FlagPain,
    FlagPainLater,
    ImportHistory,
    Intent,
    Next,
    PainToday,
    Pause,
    PlanProgram,
    Rate,
    RateLater,
    RecordSelfTest,
    Resume,
    ResumeUnfinished,
    StartProgram,
    TogglePause,
    ToggleSounds,
    ToggleVoice,
    WriteReport,
)
from glutetui.store.commands import (
    LOST,
    AnswerLater,
    CloseAsPartial,
    DecideSuggestion,
    Heartbeat,
    ImportFile,
    OpenWorkout,
    Review,
    SaveSelfTest,
    TakeOver,
)

if TYPE_CHECKING:
    from glutetui.catalog import Catalog, Program
    from glutetui.platform.clock import Clock
    from glutetui.platform.settings import Settings, SettingsFile
    from glutetui.store import Store
    from glutetui.store.lease import Lease
    from glutetui.store.repos import Unit
    from glutetui.store.writer import Writer
    from glutetui.workout.run import WorkoutRun
    from glutetui.workout.sounds import SoundLayer

Topic = Literal[
    "started",  # a workout started here: show it (``run``)
    "suggestions",  # a suggestion answered: its dose may have changed
    "ratings",  # a rating or a pain flag given after the workout
    "pain-today",  # pain today (0-10) and its note, given after the workout
    "unfinished",  # an unfinished workout closed
    "imported",  # an export read into the history
    "settings",  # settings changed (``settings``), before they are saved
    "saved",  # the settings file was written (or not: ``message`` says)
    "note",  # something to tell the person
    "written",  # a file was written for the person: ``message`` says where
    "self-test",  # one side of a self-test is kept
    "problem",  # something that did not work, in one line
    "taken",  # another device took the running workout over: it stops here
    "progress",  # how far long work (an import) has gone: ``progress``
]


@dataclass(frozen=True, slots=True)
class Change:
    """What an intent changed, for whoever shows it."""

    topic: Topic
    message: str | None = None  # a line to tell the person
    run: WorkoutRun | None = None  # a workout that has just started ("started")
    settings: Settings | None = None  # the settings now in force ("settings")
    workout_id: int | None = None  # the workout concerned, where there is one
    progress: tuple[int, int] | None = None  # (done, in all), for "progress"


@dataclass
class IntentPath:
    """Carries out what a person asks for. One per app (or script), given what it uses."""

    writer: Writer  # the one writer: every write to the history is its command
    clock: Clock
    catalog: Callable[[], Catalog]  # loaded on first use
    store: Callable[[], Store]  # opened on first use (the report reads it)
    settings: SettingsFile
    lease: Lease  # this copy of the app, as the workouts it runs name it
    sound: Callable[[], SoundLayer]  # made when the first workout needs it
    listener: Callable[[Change], None] = lambda change: None
    # Runs slow work (saving the settings, writing the report) off the caller's
    # thread: the app hands it to a Textual worker; a script runs it at once.
    background: Callable[[Callable[[], None], str], None] = lambda work, name: work()
    run: WorkoutRun | None = None  # the workout running here, if any
    starting: bool = False  # a start is on its way to the writer: no second one
    _uids: dict[int, str] = field(default_factory=dict)  # workouts run here: id -> uid
    _report_busy: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        from glutetui.coaching import coach
        from glutetui.workout.run import open_workout

        handle = open_workout(self.catalog, lambda: self.settings.settings, coach.weaker_sides_in)

        def opening(db: Unit, command: OpenWorkout) -> Any:
            command = self._program_for(db, command)
            program = self.catalog().programs.get(command.program_id)
            # Back after a long break: the welcome back is offered for this program now.
            offers = (
                []
                if program is None
                else coach.welcome_back_in(db, self.catalog(), program, command.at)
            )
            answer = handle(db, command)
            return answer if isinstance(answer, str) else (*answer, offers)

        self.writer.handlers[OpenWorkout] = opening
        self.writer.handlers[ImportFile] = self._importing

    def _importing(self, db: Unit, command: ImportFile) -> tuple[bool, str]:
        """The import's handler here: as the store's, telling the screens how far it is
        (at most a hundred ``progress`` changes, however long the file)."""
        from glutetui.store.commands import import_file

        shown = [-1]

        def progress(done: int, total: int) -> None:
            percent = done * 100 // total if total else 0
            if percent != shown[0]:
                shown[0] = percent
                self.listener(Change("progress", progress=(done, total)))

        return import_file(db, command, progress)

    # --- the one door -----------------------------------------------------------------

    def send(self, intent: AnyIntent | Intent) -> None:
        """Carry out an intent. Workout intents act at once on the caller's thread (the
        screen's); writes are queued for the writer and reported through the listener."""
        if isinstance(intent, TogglePause | Pause | Resume | Next | Back | AddRest | EndWorkout):
            self._workout(intent)
        elif isinstance(intent, ToggleVoice | ToggleSounds):
            self._sound(intent)
        elif isinstance(intent, Rate | FlagPain | Correct | Attend):
            self._effort(intent)
        elif isinstance(intent, StartProgram):
            self._start(intent)
        elif isinstance(intent, ResumeUnfinished):
            self._resume(intent.workout)
        elif isinstance(intent, AnswerSuggestion):
            self._answer(intent)
        elif isinstance(intent, CloseUnfinished):
            self._close(intent.workout)
        elif isinstance(intent, RateLater | FlagPainLater | PainToday):
            self._later(intent)
        elif isinstance(intent, ChangeSetting):
            self._setting(intent)
        elif isinstance(intent, PlanProgram):
            self._plan(intent)
        elif isinstance(intent, ImportHistory):
            self._import(intent.file)
        elif isinstance(intent, RecordSelfTest):
            self._self_test(intent)
        elif isinstance(intent, WriteReport):
            self._report(intent.days)
        else:  # pragma: no cover - every intent has its branch
            raise ValueError(f"no way to carry out {intent!r}")

    # --- the running workout -----------------------------------------------------------

    def attach(self, run: WorkoutRun) -> None:
        """The workout now running here (the app calls this when it shows it)."""
        self.run = run
        self._uids[run.workout.id] = run.workout.uid
        run.on_lost = lambda: self._lost(run)
        run.on_reviewed = lambda made: self._reviewed(made, run.workout.id)

    def _lost(self, run: WorkoutRun) -> None:
        """Another device took the workout over while this copy was away (asleep, cut
        off): it stops here, and everything it wrote before stays."""
        self.detach(run)
        self.listener(
            Change(
                "taken",
                "This workout was taken over on another device, so it stops here. "
                "Everything done before that is kept.",
                workout_id=run.workout.id,
            )
        )

    def detach(self, run: WorkoutRun) -> None:
        if self.run is run:
            self.run = None

    def _workout(self, intent: Intent) -> None:
        run = self.run
        if run is None or run.engine.finished:
            return
        if isinstance(intent, TogglePause):
            run.toggle_pause()
        elif isinstance(intent, Pause):
            run.pause()
        elif isinstance(intent, Resume):
            run.resume_timer()
        elif isinstance(intent, Next):
            # In the effort check, "next" (Enter, the clicker, the phone) confirms the
            # answer as it stands: a rating only if one was given.
            run.confirm() if run.waiting_for_effort else run.next()
        elif isinstance(intent, Back):
            run.back()
        elif isinstance(intent, AddRest):
            run.adjust_rest(intent.seconds)
        elif isinstance(intent, EndWorkout):
            run.stop()

    def _effort(self, intent: Rate | FlagPain | Correct | Attend) -> None:
        run = self.run
        if run is None or not run.waiting_for_effort:
            return
        if isinstance(intent, Attend):
            run.hold_effort()
        elif isinstance(intent, Rate):
            run.rate(intent.effort)
        elif isinstance(intent, FlagPain):
            run.flag_pain(intent.side)
        else:
            run.correct(intent.index, intent.amount)

    def _sound(self, intent: ToggleVoice | ToggleSounds) -> None:
        sound = self.sound()
        if isinstance(intent, ToggleSounds):
            sound.toggle_sounds()
            self._save_setting("sounds", sound.sounds, quiet=True)
        else:
            on = sound.toggle_speech()
            if on and not sound.speech_available:
                self.listener(
                    Change("note", "No speech program found (espeak-ng, espeak, spd-say or say).")
                )
            self._save_setting("speech", on, quiet=True)  # the voice is remembered
        if self.run is not None:
            self.run.changed()  # whoever shows the workout shows the new state

    # --- starting and resuming ---------------------------------------------------------

    def _start(self, intent: StartProgram) -> None:
        if self.starting or (self.run is not None and not self.run.engine.finished):
            self.listener(Change("note", "A workout is already starting or running."))
            return
        self.starting = True
        command = OpenWorkout(
            program_id=intent.program or "",
            device=self.lease.device,
            lease=self.lease.token,
            at=self.clock.now(),
        )
        self.writer.submit(command, self._opened)

    def _program_for(self, db: Unit, command: OpenWorkout) -> OpenWorkout:
        """A start without a program starts today's, read in the start's own unit of
        work (never on the caller's thread: the phone's taps come on its event loop)."""
        if command.program_id:
            return command
        from datetime import timedelta

        from glutetui.readouts.home import ROUTINE_WINDOW_DAYS, suggest_program

        recent = db.workouts.recent_programs(command.at - timedelta(days=ROUTINE_WINDOW_DAYS))
        program: Program = suggest_program(self.catalog(), recent, command.at)
        return msgspec.structs.replace(command, program_id=program.id)

    def _opened(self, answer: Any) -> None:
        from glutetui.workout.run import WorkoutRun

        self.starting = False
        if isinstance(answer, str):
            self.listener(Change("problem", answer))
            return
        workout, plan, offers = answer
        run = WorkoutRun.opened(self.writer, self.clock, workout, plan, self.sound())
        self.attach(run)
        self.listener(Change("started", run=run, workout_id=workout.id))
        if offers:
            from glutetui.coaching import coach

            self.listener(Change("suggestions", coach.welcome_note(offers, self.catalog())))

    def _resume(self, workout_id: int) -> None:
        command = TakeOver(
            workout_id=workout_id,
            device=self.lease.device,
            lease=self.lease.token,
            at=self.clock.now(),
        )
        self.writer.submit(command, self._taken)

    def _taken(self, found: Any) -> None:
        from glutetui.workout.run import WorkoutRun

        if found is None:
            self.listener(Change("unfinished", "That workout is no longer unfinished."))
            return
        if found == "elsewhere":
            self.listener(Change("problem", "That workout is running on another device right now."))
            return
        try:
            run = WorkoutRun.resume(self.writer, self.clock, found, self.sound(), self.lease.token)
        except ValueError as exc:
            self.listener(Change("problem", f"Cannot resume: {exc}"))
            return
        self.attach(run)
        self.listener(Change("started", run=run, workout_id=found.workout.id))

    def heartbeat(self) -> None:
        """Renew the running workout's lease (the app calls this every little while)."""
        run = self.run
        if run is None or run.engine.finished or not run.lease or run.lost:
            return

        def renewed(held: bool) -> None:
            if not held and not run.engine.finished:
                run.lose()

        command = Heartbeat(workout_id=run.workout.id, lease=run.lease, at=self.clock.now())
        self.writer.submit(command, renewed)

    # --- the history ---------------------------------------------------------------------

    def _answer(self, intent: AnswerSuggestion) -> None:
        command = DecideSuggestion(
            suggestion_id=intent.suggestion, accept=intent.accept, at=self.clock.now()
        )
        self.writer.submit(command, self._answered)

    def _answered(self, record: Any) -> None:
        if record.status == "accepted":
            said = "Accepted: the dose changes in that program only."
        elif record.status == "dismissed":
            said = "Dismissed: the dose stays."
        else:
            said = f"That suggestion was already {record.status}."
        self.listener(Change("suggestions", said))

    def _close(self, workout_id: int) -> None:
        command = CloseAsPartial(
            workout_id=workout_id,
            device=self.lease.device,
            lease=self.lease.token,
            at=self.clock.now(),
        )

        def closed(done: Any) -> None:
            if done:
                said = "The unfinished workout was closed as partial; its sets are kept."
                self.listener(Change("unfinished", said, workout_id=workout_id))
            else:
                said = "That workout is running on another device, or was already closed."
                self.listener(Change("problem", said, workout_id=workout_id))

        self.writer.submit(command, closed)

    def _later(self, intent: RateLater | FlagPainLater | PainToday) -> None:
        """An answer given after the workout, on the summary or a workout's detail. For a
        workout run here it is kept in a file if the database is gone when the app
        closes, like every write of the workout itself."""
        uid = self._uids.get(intent.workout)
        workout_id = intent.workout
        topic: Topic = "pain-today" if isinstance(intent, PainToday) else "ratings"

        def answered(answer: Any) -> None:
            if answer != LOST:
                self.listener(Change(topic, workout_id=workout_id))

        self.writer.submit(AnswerLater(workout_uid=uid, answer=intent), answered)
        # The answer is evidence (a rating, pain, pain today): the coach weighs it next.
        self.review(workout_id)

    def review(self, workout_id: int | None = None) -> None:
        """Have the coach look at the log again — the blocks of one workout, or every
        block (Home asks as it opens: time passes, and a long break is noticed before
        the next workout). A command of the writer, after the writes it weighs; what it
        makes comes back as a ``suggestions`` change."""
        command = Review(workout_id=workout_id, at=self.clock.now())
        self.writer.submit(command, lambda made: self._reviewed(made, workout_id))

    def _reviewed(self, made: list[Any], workout_id: int | None) -> None:
        if made:
            self.listener(Change("suggestions", workout_id=workout_id))

    def _self_test(self, intent: RecordSelfTest) -> None:
        command = SaveSelfTest(
            side=intent.side,
            stage=intent.stage,
            target=intent.target,
            held=intent.held,
            level=intent.level,
            at=intent.taken_at,
        )
        self.writer.submit(command, lambda _: self.listener(Change("self-test")))

    def _import(self, file: str) -> None:
        def imported(answer: tuple[bool, str]) -> None:
            done, said = answer
            self.listener(Change("imported" if done else "problem", said))

        self.writer.submit(ImportFile(path=file), imported)

    def _report(self, days: int | None) -> None:
        """The report for the physiotherapist, made off the caller's thread (it reads the
        whole period and draws its charts) through the report's own entry point, into
        the home folder under a name not taken yet, so an earlier report is never
        replaced."""
        if not self._report_busy.acquire(blocking=False):
            self.listener(Change("note", "The report is already being written."))
            return
        self.listener(Change("note", "Writing the report for your physiotherapist…"))

        def write() -> None:
            from pathlib import Path

            from glutetui.report import ReportError
            from glutetui.report.make import write_for_app
            from glutetui.store.errors import StoreError

            try:
                today = self.clock.now().astimezone().date()
                plans = self.settings.settings.plan
                said = write_for_app(self.store(), self.catalog(), days, Path.home(), today, plans)
            except (ReportError, StoreError) as exc:
                self.listener(Change("problem", f"No report: {exc}"))
            else:
                self.listener(Change("written", said))
            finally:
                self._report_busy.release()

        self.background(write, "report")

    # --- settings ------------------------------------------------------------------------

    def _setting(self, intent: ChangeSetting) -> None:
        if not self._save_setting(intent.key, intent.value):
            self.listener(Change("problem", f"{intent.key} cannot be {intent.value!r}."))

    def _plan(self, intent: PlanProgram) -> None:
        """One program's week in the plan; the rest of the plan stays as it is."""
        plan = {k: msgspec.to_builtins(v) for k, v in self.settings.settings.plan.items()}
        plan[intent.program] = {"days": list(intent.days), "time": intent.time}
        if not self._save_setting("plan", plan):
            self.listener(Change("problem", f"The plan for {intent.program} cannot be that."))

    def _save_setting(self, key: str, value: Any, *, quiet: bool = False) -> bool:
        """Use a setting at once and save it off the caller's thread; False when it is
        not allowed."""
        from glutetui.platform.settings import Settings

        current = self.settings.settings
        if key not in Settings.__struct_fields__:
            return False
        try:
            updated = msgspec.convert(
                {**msgspec.structs.asdict(current), key: value}, Settings, strict=True
            )
        except msgspec.ValidationError:
            return False
        if updated == current:
            return True
        self.settings.settings = updated
        if not quiet:
            self.listener(Change("settings", settings=updated))
        self.background(lambda: self.listener(Change("saved", self.settings.save())), "settings")
        return True
