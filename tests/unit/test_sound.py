"""The sound layer: which commands would run with which arguments, and what is cut off."""

from __future__ import annotations

import subprocess
import wave
from pathlib import Path
from typing import Any

import pytest

from glutetui.clock import FakeClock
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
from glutetui.sound import (
    Player,
    SoundLayer,
    Speaker,
    SpeechCommand,
    find_player,
    find_speech_command,
    phrase_for,
    spawn_quietly,
    write_tone,
)
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
        ("spd-say", ["/usr/bin/spd-say", "-r", "15", "Switch sides"]),
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


def test_a_new_phrase_cuts_off_the_previous_one() -> None:
    spawner = Spawner()
    speaker = Speaker(SpeechCommand("espeak-ng", "/usr/bin/espeak-ng"), spawn=spawner)
    speaker.say("Clamshell, left side")
    speaker.say("one")
    first, second = spawner.children
    assert first.terminated and not first.running
    assert second.running and not second.terminated


def test_spd_say_is_cancelled_through_its_daemon() -> None:
    spawner = Spawner()
    speaker = Speaker(SpeechCommand("spd-say", "/usr/bin/spd-say"), spawn=spawner)
    speaker.say("one")
    speaker.say("two")
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
    recorder = Recorder()
    recorder.layer(speech=True).handle(events, p)
    spoken = recorder.spawner.spoken()
    assert spoken[0] == "Get ready: Clamshell, left side"
    assert "Clamshell, left side" in spoken
    assert "Switch sides, right side next" in spoken
    assert "Rest, 45 seconds" in spoken
    assert spoken.count("two") == 4 and spoken.count("one") == 4
    assert "Set 2, left side" in spoken
    assert spoken[-1] == "How did that feel? One to five."


def test_speech_toggles_and_stops_the_current_phrase() -> None:
    recorder = Recorder()
    layer = recorder.layer(speech=True)
    layer.say("Clamshell")
    assert layer.toggle_speech() is False
    assert recorder.spawner.children[0].terminated
    layer.say("ignored")
    assert len(recorder.spawner.children) == 1


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
