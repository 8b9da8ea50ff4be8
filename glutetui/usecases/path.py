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
from glutetui.store.lease import Lease, free_before

if TYPE_CHECKING:
    from glutetui.platform.settings import Settings
    from glutetui.platform.sound import SoundLayer
    from glutetui.services import Services
    from glutetui.store.repos import Unit
    from glutetui.workout.run import WorkoutRun

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
    """Carries out what a person asks for. One per app (or script)."""

    services: Services
    sound: Callable[[], SoundLayer]  # made when the first workout needs it
    listener: Callable[[Change], None] = lambda change: None
    run: WorkoutRun | None = None  # the workout running here, if any
    _uids: dict[int, str] = field(default_factory=dict)  # workouts run here: id -> uid
    _settings_lock: threading.Lock = field(default_factory=threading.Lock)
    _report_lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def lease(self) -> Lease:
        """This copy of the app's lease on the workouts it runs."""
        return self.services.lease

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
        from glutetui.coaching import coach
        from glutetui.workout.run import WorkoutRun, open_workout

        if self.run is not None and not self.run.engine.finished:
            return  # one workout at a time here
        catalog = self.services.catalog
        program = catalog.programs.get(intent.program) if intent.program else self._todays_program()
        if program is None:
            self.listener(Change("problem", f"No program called {intent.program!r}."))
            return
        services, lease = self.services, self.lease

        def write(db: Unit) -> Any:
            return open_workout(db, services, program, coach.weaker_sides_in(db, program), lease)

        def started(opened: Any) -> None:
            workout, plan = opened
            run = WorkoutRun.opened(services, workout, plan, self.sound())
            self.attach(run)
            self.listener(Change("started", run=run, workout_id=workout.id))

        services.writer.submit(write, started, what="the start of the workout")

    def _todays_program(self) -> Any:
        from glutetui.readouts.home_figures import todays_program

        return todays_program(self.services)

    def _resume(self, workout_id: int) -> None:
        from glutetui.workout.run import WorkoutRun

        services, lease = self.services, self.lease
        now = services.clock.now()

        def write(db: Unit) -> Any:
            unfinished = db.workouts.unfinished()
            if unfinished is None or unfinished.workout.id != workout_id:
                return None
            cutoff = free_before(unfinished.workout, lease, now)
            if cutoff is None or not db.workouts.take_over(
                workout_id, lease.device, lease.token, now, cutoff
            ):
                return "elsewhere"
            return unfinished

        def taken(found: Any) -> None:
            if found is None:
                self.listener(Change("unfinished", "That workout is no longer unfinished."))
                return
            if found == "elsewhere":
                self.listener(
                    Change("problem", "That workout is running on another device right now.")
                )
                return
            try:
                run = WorkoutRun.resume(services, found, self.sound(), lease.token)
            except ValueError as exc:
                self.listener(Change("problem", f"Cannot resume: {exc}"))
                return
            self.attach(run)
            self.listener(Change("started", run=run, workout_id=workout_id))

        services.writer.submit(write, taken, what="taking up the unfinished workout")

    def heartbeat(self) -> None:
        """Renew the running workout's lease (the app calls this every little while)."""
        run = self.run
        if run is None or run.engine.finished:
            return
        workout_id, token, at = run.workout.id, run.lease, self.services.clock.now()
        if not token or run.lost:
            return

        def renewed(held: bool) -> None:
            if not held and not run.engine.finished:
                run.lose()

        self.services.writer.submit(
            lambda db: db.workouts.heartbeat(workout_id, token, at), renewed, what="the heartbeat"
        )

    # --- the history ---------------------------------------------------------------------

    def _answer(self, intent: AnswerSuggestion) -> None:
        clock = self.services.clock

        def write(db: Unit) -> Any:
            if intent.accept:
                return db.suggestions.accept(intent.suggestion, clock.now())
            return db.suggestions.dismiss(intent.suggestion, clock.now())

        def answered(record: Any) -> None:
            if record.status == "accepted":
                said = "Accepted: the dose changes in that program only."
            elif record.status == "dismissed":
                said = "Dismissed: the dose stays."
            else:
                said = f"That suggestion was already {record.status}."
            self.listener(Change("suggestions", said))

        self.services.writer.submit(write, answered, what="your answer")

    def _close(self, workout_id: int) -> None:
        lease = self.lease
        now = self.services.clock.now()

        def write(db: Unit) -> Any:
            workout = db.workouts.get(workout_id)
            cutoff = None if workout is None else free_before(workout, lease, now)
            if cutoff is None:
                return False
            return db.workouts.close_as_partial(workout_id, cutoff, lease.token)

        def closed(done: Any) -> None:
            if done:
                said = "The unfinished workout was closed as partial; its sets are kept."
                self.listener(Change("unfinished", said, workout_id=workout_id))
            else:
                said = "That workout is running on another device, or was already closed."
                self.listener(Change("problem", said, workout_id=workout_id))

        self.services.writer.submit(write, closed, what="closing the unfinished workout")

    def _later(self, intent: RateLater | FlagPainLater | PainToday) -> None:
        """An answer given after the workout, on the summary or a workout's detail. For a
        workout run here it is kept in a file if the database is gone when the app
        closes, like every write of the workout itself."""
        from glutetui.store.unsaved import UnsavedLater

        uid = self._uids.get(intent.workout)
        record = UnsavedLater(workout_uid=uid, answer=intent) if uid is not None else None
        workout_id = intent.workout
        # Pain today changes no rating and no suggestion: the summary need not read again.
        topic: Topic = "pain-today" if isinstance(intent, PainToday) else "ratings"
        self.services.writer.submit(
            lambda db: UnsavedLater.apply(db, workout_id, intent),
            lambda _: self.listener(Change(topic, workout_id=workout_id)),
            what="your answer",
            record=record,
        )

    def _self_test(self, intent: RecordSelfTest) -> None:
        self.services.writer.submit(
            lambda db: db.self_tests.add(
                intent.side, intent.stage, intent.target, intent.held, intent.level, intent.taken_at
            ),
            what="the self-test",
        )

    def _import(self, file: str) -> None:
        """An export read into the history by the writer, as a stream (memory flat in
        the file's size) in its one transaction; how far it is reaches the screens as
        ``progress`` changes."""
        from pathlib import Path

        from glutetui.store.exchange import ImportCounts, import_or_refuse

        path = Path(file).expanduser()
        shown = [-1]

        def progress(done: int, total: int) -> None:
            percent = done * 100 // total if total else 0
            if percent != shown[0]:  # at most a hundred reports, however long the file
                shown[0] = percent
                self.listener(Change("progress", progress=(done, total)))

        def work(db: Unit) -> ImportCounts | str:
            try:
                with path.open("rb") as stream:
                    found = import_or_refuse(db, stream, progress)
            except OSError as exc:
                return f"Cannot read {path}: {exc.strerror or exc}"
            return found if isinstance(found, ImportCounts) else f"{path.name}: {found}"

        def done(result: ImportCounts | str) -> None:
            if isinstance(result, str):
                self.listener(Change("problem", result))
            else:
                self.listener(Change("imported", str(result).capitalize()))

        self.services.writer.submit(work, done, what="the import")

    def _report(self, days: int | None) -> None:
        """The report for the physiotherapist, made off the caller's thread (it reads the
        whole period and draws its charts) through the report's own entry point, into
        the home folder under a name not taken yet, so an earlier report is never
        replaced."""
        if not self._report_lock.acquire(blocking=False):
            self.listener(Change("note", "The report is already being written."))
            return
        services = self.services
        self.listener(Change("note", "Writing the report for your physiotherapist…"))

        def write() -> None:
            from pathlib import Path

            from glutetui.report import ReportError
            from glutetui.report.make import write_for_app
            from glutetui.store.errors import StoreError

            try:
                today = services.clock.now().astimezone().date()
                said = write_for_app(services.store, services.catalog, days, Path.home(), today)
            except (ReportError, StoreError) as exc:
                self.listener(Change("problem", f"No report: {exc}"))
            else:
                self.listener(Change("written", said))
            finally:
                self._report_lock.release()

        threading.Thread(target=write, name="glutetui-report", daemon=True).start()

    # --- settings ------------------------------------------------------------------------

    def _setting(self, intent: ChangeSetting) -> None:
        if not self._save_setting(intent.key, intent.value):
            self.listener(Change("problem", f"{intent.key} cannot be {intent.value!r}."))

    def _save_setting(self, key: str, value: Any, *, quiet: bool = False) -> bool:
        """Use a setting at once and save it in a thread; False when it is not allowed."""
        from glutetui.platform.settings import Settings, save_settings

        current = self.services.settings
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
        self.services.settings = updated
        if not quiet:
            self.listener(Change("settings", settings=updated))
        path = self.services.locations.settings

        def save() -> None:
            with self._settings_lock:
                try:
                    kept_aside = save_settings(path, self.services.settings)
                except OSError as exc:
                    said = f"Not saved: cannot write {path} ({exc.strerror or exc})."
                    self.listener(Change("saved", said))
                    return
            self.services.settings_problem = None
            aside = f"; the old unreadable file was kept as {path.name}.broken" * kept_aside
            self.listener(Change("saved", f"Saved to {path}{aside}."))

        threading.Thread(target=save, name="glutetui-settings", daemon=True).start()
        return True
