"""Help: what glutetui does, its keys, and the safety note."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Markdown

from glutetui.screens.styled import StyledOnMount
from glutetui.widgets.keybar import KeyBar

HELP = """
# glutetui

A hands-free coach for the **gluteus medius**, the muscle at the side of the hip that
keeps the pelvis level when you stand on one leg. Pick a program, lie down, and the
workout runs itself: it counts the reps at a steady pace, switches sides, rests and
moves on, with sounds and (if you turn it on) a voice. After each exercise it asks
how it felt; from those answers it tells you when a dose has become easy and what
the next step is.

## Safety

glutetui is for education, not medical advice. **Stop at once if you feel sharp
pain**, and see a physiotherapist if pain keeps coming back. Flag pain in the effort
check (`p`): that exercise steps back at once.

## Home

| key | does |
|---|---|
| `s` | start today's program |
| `enter` | start the highlighted program |
| `r` / `x` | resume an unfinished workout / close it as partial |
| `a` / `d` | accept / dismiss the highlighted suggestion |
| `e` | rate the exercises the last workout left unrated |
| `p` | programs |
| `l` | the exercise library |
| `h` | history |
| `t` | the single-leg stance self-test |
| `o` | settings |
| `?` | this help |
| `ctrl+p` | the command palette: every action, "Start …" each program, the report |
| `q` | quit |

## During a workout

| key | does |
|---|---|
| `space` | pause / resume |
| `n`, `pagedown`, `right` | next phase (a presenter clicker or remote sends these) |
| `b`, `pageup`, `left` | back to the start of the previous phase |
| `+` / `-` | 15 s more / less rest |
| `v` / `m` | voice / sounds on or off |
| `q` | end early (asks first; what you did is kept) |

## The effort check

`1` far too easy · `2` easy · `3` solid · `4` hard · `5` could not finish: it is kept
a few seconds later by itself, or at once with `enter`, `n`, `→` or the clicker's next
key. `up`/`down` correct the reps of the highlighted set, `tab` chooses the set. `l` /
`r` flag pain on the left / right side, `p` on both (a two-legged exercise has only
`p`). Skipped sets are not rated.

It never holds the workout up: a big countdown runs (the `effort_wait` setting,
20 seconds unless you change it) and then the workout goes on, leaving that exercise
unrated. After a key a short countdown keeps your answer and goes on. The summary asks
for the unrated exercises, one line each: a digit rates the highlighted one,
`up`/`down` choose, `p` flags pain.

## Elsewhere

History: `1`–`6` switch views, `enter` opens a workout, `e` exports, `i` imports,
`r` writes the report for your physiotherapist.
Exercises: type to search, `[` / `]` go to the easier / harder neighbour.
Programs: `s` starts, `c` makes your own copy to edit, `r` reloads your files.
Self-test: `s` starts, `space` ends the countdown early and then marks the moment the
foot comes down, `y` / `n` for level hips.
`escape` goes back everywhere.
"""


class HelpScreen(StyledOnMount, Screen[None]):
    CSS_PATH = Path(__file__).with_name("help.tcss")
    BINDINGS = [Binding("escape,q,question_mark", "app.pop_screen", "Back", id="help-back")]

    def compose(self) -> ComposeResult:
        yield Header(icon="◐")
        with VerticalScroll(id="help"):
            yield Markdown(HELP)
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Help"
