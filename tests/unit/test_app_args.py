"""The app's own command line (``glutetui``, ``--home``, ``--db``, ``--remote``) is read
without argparse on the way to the first frame; wherever that reading answers, it
answers what argparse would, and anything else is left to argparse."""

from __future__ import annotations

import contextlib
import io

from hypothesis import given
from hypothesis import strategies as st

from glutetui.cli.app_args import FLAG_OPTIONS, VALUE_OPTIONS, app_only
from glutetui.cli.parser import build_parser

OPTIONS = [*VALUE_OPTIONS, *FLAG_OPTIONS]
# Tokens a line may hold: the options, their abbreviations and other spellings, the
# subcommands, values that look like options or numbers, and ordinary values.
TOKENS = st.sampled_from(
    [
        *OPTIONS,
        "--home=",
        "--home=-x",
        "--db=sqlite:///a=b",
        "--remote=yes",
        "--hom",
        "--data",
        "-h",
        "--help",
        "--version",
        "--",
        "-",
        "-5",
        "-x",
        "start",
        "history",
        "",
        "dir",
        "a b",
        "postgresql://u:p@h/db",
    ]
)


def argparse_reads(argv: list[str]) -> dict[str, object] | None:
    """What argparse makes of the line, or None where it stops (an error, help)."""
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        try:
            return vars(build_parser().parse_args(argv))
        except SystemExit:
            return None


@given(st.lists(TOKENS, max_size=6))
def test_where_the_quick_reading_answers_it_answers_as_argparse(argv: list[str]) -> None:
    quick = app_only(argv)
    if quick is not None:
        assert vars(quick) == argparse_reads(argv)


@given(
    st.lists(
        st.one_of(
            st.tuples(
                st.sampled_from(list(VALUE_OPTIONS)),
                st.text(min_size=1).filter(lambda v: not v.startswith("-")),
            ),
            st.tuples(st.just("--remote")),
        ),
        max_size=4,
    )
)
def test_every_line_that_only_opens_the_app_is_read_quickly(
    parts: list[tuple[str, ...]],
) -> None:
    argv = [token for part in parts for token in part]
    quick = app_only(argv)
    assert quick is not None
    assert vars(quick) == argparse_reads(argv)


def test_the_quick_reading_knows_exactly_the_parsers_global_options() -> None:
    parser = build_parser()
    globals_ = {
        option: action
        for action in parser._actions
        for option in action.option_strings
        if option.startswith("--") and action.dest not in ("help", "version")
    }
    assert set(globals_) == set(OPTIONS)
    for option, dest in VALUE_OPTIONS.items():
        assert globals_[option].dest == dest and globals_[option].nargs is None
    for option, dest in FLAG_OPTIONS.items():
        assert globals_[option].dest == dest and globals_[option].const is True


def test_anything_else_is_left_to_argparse() -> None:
    for argv in (["start"], ["--help"], ["--hom", "x"], ["--home"], ["--home", "-x"], ["x"]):
        assert app_only(argv) is None
