"""The sound layer: which commands would run with which arguments, and what is cut off."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import wave
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from glutetui.engine import (
    Countdown,
    CueShown,
    Engine,
    Phase,
    PhaseChanged,
    RepDone,
    SidesSwitched,
    Step,
    StepKind,
    WorkoutFinished,
)
from glutetui.platform.sound import (
    ANNOUNCEMENT_QUEUE,
    Child,
    Phrase,
    Player,
    Priority,
    Speaker,
    SpeechCommand,
    find_player,
    find_speech_command,
    spawn_quietly,
    write_tone,
)
from glutetui.workout.phrases import phrase_for, speech_for
from glutetui.workout.sounds import SoundLayer
from tests.clock import FakeClock
from tests.fakes import Recorder, Spawner, quiet_player
from tests.unit.test_engine import block, plan


def which_only(*names: str) -> Any:
    return lambda name: f"/usr/bin/{name}" if name in names else None


@pytest.mark.parametrize(
    ("available", "expected"),
    [
        (("espeak-ng", "espeak", "say"), "espeak-ng"),
        (("espeak", "spd-say"), "espeak"),
        (("spd-say",), "spd-say"),
        (("say",), "say"),
    ],
)
def test_the_first_speech_command_found_is_used(available: tuple[str, ...], expected: str) -> None:
    command = find_speech_command(which_only(*available), platform="linux")
    assert command is not None and command.name == expected


def test_no_speech_command_is_not_an_error() -> None:
    assert find_speech_command(which_only(), platform="linux") is None
    speaker = Speaker(None)
    speaker.say("hello")  # nothing happens, nothing fails
    assert not speaker.available


def test_windows_uses_powershell_with_the_text_as_a_parameter(tmp_path: Path) -> None:
    command = find_speech_command(which_only("powershell"), platform="win32")
    assert command is not None and command.name == "powershell"
    spawner = Spawner()
    speaker = Speaker(command, spawn=spawner)
    speaker.say("Rest; Remove-Item -Recurse C:\\")
    (argv,) = spawner.argvs
    assert argv[:2] == ["/usr/bin/powershell", "-NoProfile"]
    assert "-Command" not in argv  # the text is never parsed as code
    assert argv[argv.index("-Text") + 1] == "Rest; Remove-Item -Recurse C:\\"
    script = Path(argv[argv.index("-File") + 1])
    assert "param([string]$Text" in script.read_text()
    speaker.close()
    assert not script.exists()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("espeak-ng", ["/usr/bin/espeak-ng", "-s", "200", "Switch sides"]),
        ("espeak", ["/usr/bin/espeak", "-s", "200", "Switch sides"]),
        ("spd-say", ["/usr/bin/spd-say", "-w", "-r", "15", "Switch sides"]),
        ("say", ["/usr/bin/say", "-r", "200", "Switch sides"]),
    ],
)
def test_each_command_gets_the_text_as_one_argument_at_the_chosen_rate(
    name: str, expected: list[str]
) -> None:
    assert SpeechCommand(name, f"/usr/bin/{name}").argv("Switch   sides", 200) == expected


def test_a_phrase_cannot_be_read_as_an_option() -> None:
    argv = SpeechCommand("espeak-ng", "espeak-ng").argv("--help me", 170)
    assert argv[-1] == "help me"


ANN, CHAT = Priority.ANNOUNCEMENT, Priority.CHATTER


def espeak(spawner: Spawner) -> Speaker:
    return Speaker(SpeechCommand("espeak-ng", "/usr/bin/espeak-ng"), spawn=spawner)


def eventually(condition: Callable[[], bool], timeout: float = 30.0) -> bool:
    """For what the worker thread does without starting a child to wait for."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.005)
    return True


def nothing_cut(spawner: Spawner) -> bool:
    return not any(c.terminated or c.killed for c in spawner.children)


def test_a_newer_count_replaces_the_count_being_said() -> None:
    spawner = Spawner()
    speaker = espeak(spawner)
    speaker.say("one", CHAT)
    speaker.say("two", CHAT)
    first, second = spawner.children
    assert first.terminated and not first.running
    assert second.running and not second.terminated
    assert spawner.spoken() == ["one", "two"]


def test_a_count_never_cuts_off_an_announcement() -> None:
    spawner = Spawner()
    speaker = espeak(spawner)
    speaker.say("Switch sides, right side next", ANN)
    speaker.say("three", CHAT)
    speaker.say("Knees together", CHAT)
    (switch,) = spawner.children
    assert switch.running and not switch.terminated
    assert spawner.spoken() == ["Switch sides, right side next"]
    assert speaker.waiting == ()  # dropped, not kept for later
    switch.finish()
    speaker.say("four", CHAT)  # once the announcement is over, counts are said again
    assert spawner.spoken() == ["Switch sides, right side next", "four"]
    assert nothing_cut(spawner)
    speaker.close()


def test_an_announcement_waits_for_the_one_being_said() -> None:
    spawner = Spawner()
    speaker = espeak(spawner)
    speaker.say("Switch sides, right side next", ANN)
    speaker.say("Rest, 45 seconds", ANN)
    assert spawner.spoken() == ["Switch sides, right side next"]
    assert speaker.waiting == ("Rest, 45 seconds",)
    spawner.children[0].finish()
    # Nobody calls the speaker again: its worker starts the next one by itself.
    assert spawner.wait_for(2)
    assert spawner.spoken() == ["Switch sides, right side next", "Rest, 45 seconds"]
    assert speaker.waiting == ()
    assert nothing_cut(spawner)
    speaker.close()


def test_an_announcement_cuts_a_count_short() -> None:
    spawner = Spawner()
    speaker = espeak(spawner)
    speaker.say("three", CHAT)
    speaker.say("Rest, 45 seconds", ANN)
    count, rest = spawner.children
    assert count.terminated and not count.running
    assert rest.running and not rest.terminated
    assert speaker.current is rest and speaker.current_priority is ANN


def test_when_speech_falls_behind_counts_are_dropped_and_announcements_kept_in_order() -> None:
    spawner = Spawner()
    speaker = espeak(spawner)
    speaker.say("Clamshell, left side", ANN)
    speaker.say("Switch sides, right side next", ANN)
    speaker.say("Last set, right side", ANN)
    for count in ("one", "two", "three"):
        speaker.say(count, CHAT)
    assert speaker.waiting == ("Switch sides, right side next", "Last set, right side")
    spawner.children[0].finish()
    assert spawner.wait_for(2)
    speaker.say("four", CHAT)  # an announcement is still waiting: no count jumps the queue
    spawner.children[1].finish()
    assert spawner.wait_for(3)
    speaker.say("five", CHAT)  # the last announcement is being said
    spawner.children[2].finish()
    speaker.say("six", CHAT)  # caught up: counts are said again
    assert spawner.spoken() == [
        "Clamshell, left side",
        "Switch sides, right side next",
        "Last set, right side",
        "six",
    ]
    assert nothing_cut(spawner)
    speaker.close()


def test_the_queue_is_bounded_and_lets_the_oldest_waiting_announcement_go() -> None:
    spawner = Spawner()
    speaker = espeak(spawner)
    speaker.say("now", ANN)
    phrases = [f"announcement {i}" for i in range(ANNOUNCEMENT_QUEUE + 2)]
    for phrase in phrases:
        speaker.say(phrase, ANN)
    assert speaker.waiting == tuple(phrases[-ANNOUNCEMENT_QUEUE:])
    speaker.close()


def test_no_thread_until_an_announcement_has_to_wait() -> None:
    spawner = Spawner()
    speaker = espeak(spawner)
    speaker.say("Clamshell, left side", ANN)
    speaker.say("one", CHAT)
    assert not speaker.worker_alive
    speaker.say("Rest, 45 seconds", ANN)
    assert speaker.worker_alive
    speaker.close()
    Speaker(None).say("hello")  # no speech command: nothing to start, no thread either


def test_closing_stops_the_worker_and_every_child_promptly() -> None:
    spawner = Spawner()
    speaker = espeak(spawner)
    speaker.say("Clamshell, left side", ANN)
    speaker.say("Rest, 45 seconds", ANN)
    speaker.say("Workout finished. Well done.", ANN)
    worker = speaker._worker
    assert worker is not None and worker.is_alive() and worker.daemon
    began = time.monotonic()
    speaker.close()
    assert time.monotonic() - began < 1.0
    assert not worker.is_alive()
    assert all(c.terminated and not c.running for c in spawner.children)
    assert speaker.waiting == () and speaker.current is None
    assert len(spawner.children) == 1  # nothing waiting was started on the way out


def test_stopping_forgets_what_was_waiting() -> None:
    spawner = Spawner()
    speaker = espeak(spawner)
    speaker.say("Clamshell, left side", ANN)
    speaker.say("Rest, 45 seconds", ANN)
    speaker.stop()
    assert spawner.children[0].terminated
    assert speaker.waiting == ()
    speaker.say("one", CHAT)  # speech carries on from a clean slate:
    assert spawner.wait_for(2, timeout=10)
    # the next phrase said is the new one, not the announcement that was waiting.
    assert spawner.spoken() == ["Clamshell, left side", "one"]
    speaker.close()


def test_a_speech_command_that_vanishes_mid_queue_goes_quiet() -> None:
    spawner = Spawner()
    speaker = espeak(spawner)
    speaker.say("Clamshell, left side", ANN)
    speaker.say("Rest, 45 seconds", ANN)
    spawner.fail = True
    spawner.children[0].finish()
    assert eventually(lambda: not speaker.available)
    assert speaker.waiting == ()
    speaker.say("one", CHAT)
    speaker.close()


def test_the_worker_waits_on_real_children() -> None:
    started: list[str] = []
    second = threading.Event()

    def spawn(argv: Sequence[str]) -> Child:
        child = spawn_quietly(argv)
        started.append(argv[-1])
        if len(started) == 2:
            second.set()
        return child

    speaker = Speaker(SpeechCommand("espeak-ng", sys.executable), spawn=spawn)
    pause = "import time; time.sleep(0.2)"
    speaker.command.argv = lambda text, rate: [sys.executable, "-c", pause, text]  # type: ignore[method-assign, union-attr]
    speaker.say("first", ANN)
    speaker.say("second", ANN)
    assert started == ["first"]
    assert second.wait(timeout=10)
    assert started == ["first", "second"]
    began = time.monotonic()
    speaker.close()
    assert time.monotonic() - began < 1.5
    assert all(c.poll() is not None for c in speaker.children) and not speaker.worker_alive


def test_spd_say_is_cancelled_through_its_daemon() -> None:
    spawner = Spawner()
    speaker = Speaker(SpeechCommand("spd-say", "/usr/bin/spd-say"), spawn=spawner)
    speaker.say("one", CHAT)
    speaker.say("two", CHAT)
    assert ["/usr/bin/spd-say", "-C"] in spawner.argvs


def test_spd_say_keeps_an_announcement_it_does_not_cut() -> None:
    spawner = Spawner()
    speaker = Speaker(SpeechCommand("spd-say", "/usr/bin/spd-say"), spawn=spawner)
    speaker.say("Rest, 45 seconds", ANN)
    speaker.say("one", CHAT)
    assert ["/usr/bin/spd-say", "-C"] not in spawner.argvs
    speaker.stop()
    assert ["/usr/bin/spd-say", "-C"] in spawner.argvs


def test_closing_ends_every_child_even_stubborn_ones() -> None:
    spawner = Spawner()
    speaker = Speaker(SpeechCommand("espeak-ng", "/usr/bin/espeak-ng"), spawn=spawner)
    speaker.say("one")
    spawner.children[0].stubborn = True
    spawner.children[0].terminated = False
    speaker.close()
    child = spawner.children[0]
    assert child.terminated and child.killed and not child.running


def test_a_speech_command_that_vanished_goes_quiet() -> None:
    spawner = Spawner(fail=True)
    speaker = Speaker(SpeechCommand("espeak-ng", "/nope/espeak-ng"), spawn=spawner)
    speaker.say("hello")
    assert not speaker.available


def test_children_are_started_without_a_shell_and_with_streams_closed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: dict[str, Any] = {}

    class FakePopen:
        def __init__(self, argv: list[str], **kwargs: Any) -> None:
            seen["argv"], seen["kwargs"] = argv, kwargs

    monkeypatch.setattr(subprocess, "Popen", FakePopen)
    spawn_quietly(["espeak-ng", "-s", "170", "hi; rm -rf /"])
    kwargs = seen["kwargs"]
    assert seen["argv"] == ["espeak-ng", "-s", "170", "hi; rm -rf /"]
    assert kwargs["shell"] is False
    assert kwargs["stdin"] is kwargs["stdout"] is kwargs["stderr"] is subprocess.DEVNULL
    assert kwargs["close_fds"] and kwargs["start_new_session"]


def test_a_real_child_really_ends_on_close() -> None:
    speaker = Speaker(SpeechCommand("espeak-ng", "sleep"))
    speaker.command.argv = lambda text, rate: ["sleep", "30"]  # type: ignore[method-assign, union-attr]
    speaker.say("x")
    child = speaker.children[0]
    assert child.poll() is None
    speaker.close()
    assert child.poll() is not None


def test_the_player_is_skipped_over_ssh() -> None:
    which = which_only("paplay")
    assert find_player(which, {}) == "/usr/bin/paplay"
    assert find_player(which, {"SSH_CONNECTION": "1.2.3.4 5 6.7.8.9 22"}) is None


def test_generated_sounds_are_valid_wav_files(tmp_path: Path) -> None:
    write_tone(tmp_path / "beep.wav", 1320, 90)
    with wave.open(str(tmp_path / "beep.wav")) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 22050)
        assert w.getnframes() == 22050 * 90 // 1000


def test_the_player_plays_generated_files_and_cleans_up() -> None:
    spawner = Spawner()
    player = quiet_player(spawner)
    player.play("beep")
    (argv,) = spawner.argvs
    assert argv[0] == "/usr/bin/paplay" and argv[1].endswith("beep.wav")
    assert Path(argv[1]).is_file()
    player.close()
    assert not Path(argv[1]).exists()


# --- from events to sounds --------------------------------------------------------------


def events_of_a_workout(rest: int = 10) -> tuple[list[Any], Any]:
    clock = FakeClock()
    p = plan(block(sets=2, reps=2, tempo=(1, 0, 1), rest=rest))
    engine = Engine(p, clock)
    events = engine.start()
    while engine.step.kind is not StepKind.EFFORT:
        clock.advance(0.25)
        events += engine.tick()
    return events, p


def test_bells_at_phase_changes_and_beeps_before_rest_ends() -> None:
    events, p = events_of_a_workout()
    recorder = Recorder()
    recorder.layer().handle(events, p)
    new_steps = sum(1 for e in events if isinstance(e, PhaseChanged) and e.new_step)
    rest_beeps = sum(
        1
        for e in events
        if isinstance(e, Countdown) and e.step_kind in (StepKind.REST, StepKind.GET_READY)
    )
    assert rest_beeps == 6  # three before the get-ready ends, three before the rest ends
    assert recorder.bells == new_steps + rest_beeps


def test_rep_ticks_only_when_asked() -> None:
    events, p = events_of_a_workout()
    reps = sum(1 for e in events if isinstance(e, RepDone))
    plain, ticking = Recorder(), Recorder()
    plain.layer().handle(events, p)
    ticking.layer(rep_ticks=True).handle(events, p)
    assert ticking.bells - plain.bells == reps == 8


def test_sounds_off_means_silence() -> None:
    events, p = events_of_a_workout()
    recorder = Recorder()
    layer = recorder.layer()
    assert layer.toggle_sounds() is False
    layer.handle(events, p)
    assert recorder.bells == 0


def test_speech_says_the_exercise_side_switch_rest_and_counts() -> None:
    events, p = events_of_a_workout(rest=45)
    recorder = Recorder(spawner=Spawner(finish_at_once=True))  # speech that keeps up
    recorder.layer(speech=True).handle(events, p)
    spoken = recorder.spawner.spoken()
    assert spoken[0] == "Get ready: Clamshell, left side"
    assert "Clamshell, left side" in spoken
    assert "Switch sides, right side next" in spoken
    assert "Rest, 45 seconds" in spoken
    assert spoken.count("two") == 4 and spoken.count("one") == 4
    assert "Last set, left side" in spoken and "Last set, right side" in spoken
    assert not any(phrase.startswith("Set ") for phrase in spoken)
    assert spoken[-1] == "How did that feel? One to five."
    assert nothing_cut(recorder.spawner)


def test_speech_that_falls_behind_a_workout_says_every_announcement_in_order() -> None:
    events, p = events_of_a_workout(rest=45)
    announcements = [
        phrase.text
        for phrase in (speech_for(e, p) for e in events)
        if phrase is not None and phrase.priority is ANN
    ]
    recorder = Recorder()  # nothing it says ever ends by itself
    layer = recorder.layer(speech=True)
    layer.handle(events, p)
    spawner = recorder.spawner
    assert spawner.spoken() == announcements[:1]
    assert layer.speaker.waiting == tuple(announcements[1:])
    for n in range(1, len(announcements)):
        spawner.children[n - 1].finish()
        assert spawner.wait_for(n + 1)
    assert spawner.spoken() == announcements  # every one, in order, and no count
    assert nothing_cut(spawner)
    layer.close()


def test_speech_toggles_and_stops_the_current_phrase() -> None:
    recorder = Recorder()
    layer = recorder.layer(speech=True)
    layer.say("Clamshell")
    assert layer.toggle_speech() is False
    assert recorder.spawner.children[0].terminated
    layer.say("ignored")
    assert len(recorder.spawner.children) == 1


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (
            PhaseChanged(Phase.GET_READY, Step(StepKind.GET_READY, 0, 0, "left", 10), 0),
            "Get ready: Clamshell, left side",
        ),
        (
            PhaseChanged(Phase.LIFT, Step(StepKind.WORK, 0, 0, "left", 30), 0),
            "Clamshell, left side",
        ),
        (PhaseChanged(Phase.LIFT, Step(StepKind.WORK, 0, 1, "right", 30), 0), "Set 2, right side"),
        (PhaseChanged(Phase.LIFT, Step(StepKind.WORK, 0, 2, "left", 30), 0), "Last set, left side"),
        (
            PhaseChanged(Phase.LIFT, Step(StepKind.WORK, 0, 2, "right", 30), 0),
            "Last set, right side",
        ),
        (SidesSwitched("right", 0), "Switch sides, right side next"),
        (PhaseChanged(Phase.REST, Step(StepKind.REST, 0, 0, None, 45), 0), "Rest, 45 seconds"),
        (
            PhaseChanged(Phase.EFFORT, Step(StepKind.EFFORT, 0, 2), 0),
            "How did that feel? One to five.",
        ),
        (WorkoutFinished(False, 0), "Workout finished. Well done."),
        (WorkoutFinished(True, 0), "Workout ended."),
    ],
)
def test_announcements(event: Any, expected: str) -> None:
    assert speech_for(event, plan(block(sets=3))) == Phrase(expected, ANN)


def test_counts_and_cues_are_chatter() -> None:
    p = plan(block(sets=3))
    assert speech_for(RepDone(3, 10, 0), p) == Phrase("three", CHAT)
    assert speech_for(RepDone(25, 30, 0), p) == Phrase("25", CHAT)
    assert speech_for(CueShown("Knees together", True, 0), p) == Phrase("Knees together", CHAT)
    assert speech_for(Countdown(3, StepKind.REST, 0), p) is None


def test_a_single_set_is_named_not_called_the_last() -> None:
    step = Step(StepKind.WORK, 0, 0, "left", 30)
    assert phrase_for(PhaseChanged(Phase.LIFT, step, 0), plan(block(sets=1))) == (
        "Clamshell, left side"
    )


def test_the_layer_says_ad_hoc_phrases_as_announcements_and_passes_priorities_on() -> None:
    recorder = Recorder()
    layer = recorder.layer(speech=True)
    p = plan(block(sets=3))
    layer.handle([RepDone(1, 10, 0)], p)
    layer.say("Clamshell")  # an announcement: cuts the count
    layer.handle([RepDone(2, 10, 0)], p)  # chatter: dropped
    layer.say("Well done")  # an announcement: waits
    assert recorder.spawner.spoken() == ["one", "Clamshell"]
    assert layer.speaker.waiting == ("Well done",)
    layer.close()


def test_one_cue_per_set_is_spoken() -> None:
    step = Step(StepKind.WORK, 0, 0, "left", 30)
    p = plan(block())
    assert phrase_for(CueShown("Knees together", True, 0), p) == "Knees together"
    assert phrase_for(CueShown("Brace", False, 0), p) is None
    assert phrase_for(SidesSwitched("right", 0), p) == "Switch sides, right side next"
    assert phrase_for(PhaseChanged(Phase.LIFT, step, 0, new_step=False), p) is None
    assert phrase_for(WorkoutFinished(False, 0), p) == "Workout finished. Well done."


def test_the_layer_closes_its_speaker_and_player() -> None:
    spawner = Spawner()
    player = Player("/usr/bin/paplay", spawn=spawner)
    speaker = Speaker(SpeechCommand("espeak-ng", "/usr/bin/espeak-ng"), spawn=spawner)
    layer = SoundLayer(lambda: None, speaker, player, speech=True)
    layer.say("hello")
    player.play("chime")
    layer.close()
    assert all(not c.running for c in spawner.children)
