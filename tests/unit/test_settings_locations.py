"""Settings load with safe fallbacks and save keeping comments; home folders resolve as promised."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from glutetui.platform.locations import resolve
from glutetui.platform.settings import Settings, load_settings, save_settings


def test_missing_settings_are_the_defaults(tmp_path: Path) -> None:
    loaded = load_settings(tmp_path / "settings.toml")
    assert loaded.settings == Settings() and loaded.problem is None


def test_settings_are_read(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("speech = true\nget_ready = 15\ndefault_rest = 40\ntheme = 'nord'\n")
    s = load_settings(path).settings
    assert (s.speech, s.get_ready, s.default_rest, s.theme) == (True, 15, 40, "nord")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("sounds = 'loud'\n", "sounds: expected true or false"),
        ("get_ready = -3\n", "get_ready: expected a whole number at least 0"),
        ("volume = 11\n", "volume: unknown key"),
        ("speech = \n", "not valid TOML"),
    ],
)
def test_a_broken_settings_file_falls_back_with_a_message(
    tmp_path: Path, text: str, problem: str
) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(text)
    loaded = load_settings(path)
    assert loaded.settings == Settings()
    assert loaded.problem is not None and loaded.problem.startswith("settings.toml: ")
    assert problem in loaded.problem
    assert loaded.problem.endswith(("using the defaults", "the other settings are used"))
    assert path.read_text() == text  # loading never touches the file


def test_one_bad_setting_costs_only_itself(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("get_ready = 4\nvolume = 11\nswitch_pause = -1\nspeech = true\n")
    loaded = load_settings(path)
    assert loaded.settings == Settings(get_ready=4, speech=True)
    assert loaded.problem == (
        "settings.toml: volume: unknown key (and 1 more); left out, the other settings are used"
    )


def test_invalid_utf8_settings(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_bytes(b"theme = '\xff'\n")
    assert "UTF-8" in (load_settings(path).problem or "")


def test_saving_keeps_the_users_comments_and_is_private(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("# my own note\nspeech = true  # I like the voice\n\n# rest longer\n")
    save_settings(path, Settings(speech=False, default_rest=45))
    text = path.read_text()
    assert "# my own note" in text and "# I like the voice" in text and "# rest longer" in text
    assert load_settings(path).settings == Settings(speech=False, default_rest=45)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    save_settings(path, Settings())
    assert "default_rest" not in path.read_text()


def test_saving_over_a_broken_file_keeps_it_aside(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("this is = = broken")
    save_settings(path, Settings(sounds=False))
    assert (tmp_path / "settings.toml.broken").read_text() == "this is = = broken"
    assert load_settings(path).settings.sounds is False


def test_home_flag_wins_then_environment_then_platform(tmp_path: Path) -> None:
    env = {"GLUTETUI_HOME": str(tmp_path / "env-home")}
    flag = resolve(tmp_path / "flag-home", env)
    assert flag.database == tmp_path / "flag-home" / "glutetui.db"
    assert flag.programs == tmp_path / "flag-home" / "programs"
    from_env = resolve(None, env)
    assert from_env.settings == tmp_path / "env-home" / "settings.toml"
    platform = resolve(None, {})
    assert platform.database.name == "glutetui.db" and "glutetui" in str(platform.data)
    assert platform.exercises.parent == platform.config
