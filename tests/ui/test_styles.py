"""Each screen's styles reach that screen and no other.

A screen's CSS_PATH joins the app's one stylesheet, so an unscoped ``#id`` in one
screen's sheet styles every screen that reuses the id (one such collision once cost
Programs its detail pane). Each screen therefore has its own sheet, beside it and
named for it, with every rule nested in the screen's type; ``app.tcss`` keeps only
what every screen shares, keyed by a class or a widget type.

The first tests read the sheets. The last builds, on a stand-in for each screen, a
target for every selector of every sheet, and shows that loading the other screens'
sheets changes nothing there, while the screen's own sheet does style it.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import cast

import pytest
import textual.widgets
from textual.app import App
from textual.css.model import CombinatorType, RuleSet, SelectorSet, SelectorType
from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget

import glutetui.screens
import glutetui.widgets
from glutetui.app import SHEETS, GlutetuiApp, compact_sheet

APP_SHEET = Path(glutetui.screens.__file__).parent.parent / "app.tcss"


def screen_types() -> list[type[Screen[object]]]:
    """Every screen defined in glutetui.screens."""
    found: list[type[Screen[object]]] = []
    for info in pkgutil.iter_modules(glutetui.screens.__path__):
        module = importlib.import_module(f"glutetui.screens.{info.name}")
        found += [
            value
            for value in vars(module).values()
            if isinstance(value, type)
            and issubclass(value, Screen)
            and value.__module__ == module.__name__
        ]
    return found


SCREENS = screen_types()


def sheet_of(screen: type[Screen[object]]) -> Path:
    assert isinstance(screen.CSS_PATH, Path), f"{screen.__name__} has no sheet of its own"
    return screen.CSS_PATH


def screens_by_sheet() -> dict[Path, set[str]]:
    users: dict[Path, set[str]] = {}
    for screen in SCREENS:
        users.setdefault(sheet_of(screen), set()).add(screen.__name__)
    return users


@cache
def rules(path: Path) -> tuple[RuleSet, ...]:
    stylesheet = Stylesheet(variables=App[None]().get_css_variables())
    stylesheet.read(path)
    stylesheet.parse()
    return tuple(stylesheet.rules)


def parsed(css: str) -> list[tuple[str, dict[str, str]]]:
    """Each rule ``css`` parses to: its selectors and what it sets."""
    stylesheet = Stylesheet(variables=App[None]().get_css_variables())
    stylesheet.add_source(css, read_from=("sheet.tcss", ""))
    stylesheet.parse()
    return [
        (rule.selectors, {name: repr(value) for name, value in rule.styles.get_rules().items()})
        for rule in stylesheet.rules
    ]


@pytest.mark.parametrize(
    "sheet", [APP_SHEET, *sorted(screens_by_sheet())], ids=lambda path: path.name
)
def test_a_compacted_sheet_has_the_same_rules(sheet: Path) -> None:
    """Every sheet, compacted as the app's and Home's are loaded, parses to the rules
    it had as written, in fewer characters."""
    text = sheet.read_text(encoding="utf-8")
    compacted = compact_sheet(text)
    assert parsed(compacted) == parsed(text)
    assert len(compacted) < len(text)
    assert "/*" not in compacted and "\n" not in compacted


def test_compacting_keeps_what_separates_and_drops_what_lays_out() -> None:
    written = """
    /* a comment */  A  B:focus , C :hover {
        border : round $primary 60%;   /* another */
        & > .x { color: red ; }
    }
    """
    assert compact_sheet(written) == (
        "A B:focus , C :hover{border :round $primary 60%;& > .x{color:red;}}"
    )
    # Line comments, as Textual's Button has them: the line goes; a sheet with one after
    # a declaration, on the line it ends, is left as written.
    assert compact_sheet("A {\n    # color: red;\n    width: 1;\n}") == "A{width:1;}"
    trailing = "A {\n    width: 1; # wide\n}"
    assert compact_sheet(trailing) == trailing


async def test_home_is_shown_without_parsing_the_sheets_again() -> None:
    """The app adds its sheet and Home's under their files' names, so Textual finds
    Home's loaded when Home is shown: no second parse of every sheet before the first
    frame."""
    assert [sheet.name for sheet in SHEETS] == ["app.tcss", "home.tcss"]
    reparses = 0
    original = Stylesheet.reparse

    def counted(stylesheet: Stylesheet) -> None:
        nonlocal reparses
        reparses += 1
        original(stylesheet)

    app = GlutetuiApp()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Stylesheet, "reparse", counted)
        async with app.run_test(size=(100, 30)):
            assert all(app.stylesheet.has_source(str(sheet), "") for sheet in SHEETS)
    assert reparses == 0


def default_css_owners() -> list[type[DOMNode]]:
    """Every class with a DEFAULT_CSS of its own that the app can show: Textual's App,
    Screen and widgets, and glutetui's widgets and screens."""
    for name in vars(textual.widgets)["__all__"]:
        getattr(textual.widgets, name)  # Textual loads its widgets when asked for them
    for package in (glutetui.widgets, glutetui.screens):
        for info in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package.__name__}.{info.name}")
    owners: list[type[DOMNode]] = []
    waiting: list[type[DOMNode]] = [DOMNode]
    while waiting:
        kind = waiting.pop()
        waiting += kind.__subclasses__()
        if isinstance(vars(kind).get("DEFAULT_CSS"), str) and kind.DEFAULT_CSS.strip():
            owners.append(kind)
    return owners


def test_every_widgets_default_css_compacts_to_the_same_rules() -> None:
    """The app keeps every sheet compacted, Textual's own widgets' DEFAULT_CSS too: each
    of them parses to the same rules as written."""
    owners = default_css_owners()
    names = {kind.__name__ for kind in owners}
    assert {"App", "Screen", "OptionList", "Static", "KeyBar"} <= names
    changed = [
        kind.__qualname__
        for kind in owners
        if parsed(compact_sheet(kind.DEFAULT_CSS)) != parsed(kind.DEFAULT_CSS)
    ]
    assert changed == []


async def test_the_app_keeps_every_sheet_it_is_given_compacted() -> None:
    """The widgets' DEFAULT_CSS as they are mounted, the app's sheets, and a screen's
    sheet read as it is first shown: all kept compacted, and Help's styles still reach
    Help."""
    app = GlutetuiApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.action_help()
        await pilot.pause()
        help_sheet = str(app.screen.CSS_PATH)
        sources = app.stylesheet.source
        assert (help_sheet, "") in sources
        assert any(location[1].startswith("OptionList") for location in sources)
        assert all("\n" not in source.content for source in sources.values())
        assert all("/*" not in source.content for source in sources.values())
        assert app.screen.query_one("KeyBar").styles.dock == "bottom"


@dataclass
class Part:
    """One compound selector: `Select`, `#effort-pain.-pain`, `HomeScreen.-narrow`."""

    type: str | None = None
    id: str | None = None
    classes: set[str] = field(default_factory=set)


def parts(selectors: SelectorSet) -> list[Part]:
    found: list[Part] = []
    for selector in selectors.selectors:
        if selector.combinator != CombinatorType.SAME or not found:
            found.append(Part())
        part = found[-1]
        if selector.type == SelectorType.TYPE:
            part.type = selector.name
        elif selector.type == SelectorType.ID:
            part.id = selector.name
        elif selector.type == SelectorType.CLASS:
            part.classes.add(selector.name)
    return found


def test_each_screen_has_a_sheet_beside_it_named_for_its_module() -> None:
    assert {"HomeScreen", "ProgramsScreen", "WorkoutScreen", "ExportScreen"} <= {
        screen.__name__ for screen in SCREENS
    }
    for screen in SCREENS:
        module = importlib.import_module(screen.__module__)
        assert module.__file__ is not None
        expected = Path(module.__file__).with_suffix(".tcss")
        assert sheet_of(screen) == expected, screen.__name__
        assert expected.is_file(), expected


def test_no_sheet_is_left_without_a_screen() -> None:
    assert set(Path(glutetui.screens.__file__).parent.glob("*.tcss")) == set(screens_by_sheet())


@pytest.mark.parametrize("sheet", sorted(screens_by_sheet()), ids=lambda path: path.name)
def test_every_rule_is_nested_in_its_screens_type(sheet: Path) -> None:
    owners = screens_by_sheet()[sheet]
    found = rules(sheet)
    assert found
    for rule in found:
        for selectors in rule.selector_set:
            first = selectors.selectors[0]
            assert first.type == SelectorType.TYPE and first.name in owners, (
                f"{sheet.name}: {selectors.css} is not nested in {' or '.join(sorted(owners))}"
            )


def test_the_shared_sheet_styles_no_id() -> None:
    """What stays global is keyed by a class or a widget type, never by an id."""
    for rule in rules(APP_SHEET):
        for selectors in rule.selector_set:
            assert all(s.type != SelectorType.ID for s in selectors.selectors), selectors.css


def every_selector() -> list[list[Part]]:
    """Every selector of every screen's sheet, as its compound parts."""
    return [
        parts(selectors)
        for sheet in screens_by_sheet()
        for rule in rules(sheet)
        for selectors in rule.selector_set
    ]


@cache
def widget_type(name: str | None) -> type[Widget]:
    """A bare widget answering to the type name a selector uses (`Select`, `Panel`)."""
    if name is None:
        return Widget
    return cast("type[Widget]", type(name, (Widget,), {}))


def nest(chain: list[Part]) -> list[Widget]:
    """Widgets nested as the parts say, outermost first."""
    built: list[Widget] = []
    for part in reversed(chain):
        children = built[:1]
        built.insert(
            0,
            widget_type(part.type)(*children, id=part.id, classes=" ".join(sorted(part.classes))),
        )
    return built


@dataclass
class Targets:
    """For every selector of every screen's sheet, what it styles below its screen."""

    owners: list[str]  # the screen type each selector starts with
    chains: list[list[Widget]]
    screen_classes: str  # every class a sheet keys a screen on (`-narrow`, `-ready`...)

    @classmethod
    def build(cls) -> Targets:
        below = [chain for chain in every_selector() if len(chain) > 1]
        return cls(
            owners=[str(chain[0].type) for chain in below],
            chains=[nest(chain[1:]) for chain in below],
            screen_classes=" ".join(
                sorted({name for chain in every_selector() for name in chain[0].classes})
            ),
        )

    def styles(self, screen: Screen[None]) -> list[str]:
        """The screen's style, then the style of each selector's innermost target."""
        return [screen.styles.css, *(chain[-1].styles.css for chain in self.chains)]

    def of(self, name: str) -> list[int]:
        """Where the targets of `name`'s own selectors are in `styles`' answer."""
        return [i + 1 for i, owner in enumerate(self.owners) if owner == name]


async def styles_as_sheets_load(name: str, *steps: list[Path]) -> tuple[Targets, list[list[str]]]:
    """Build every target on a stand-in screen called `name`, in an app with only the
    shared sheet; then load each step's sheets the way the app loads a screen's, noting
    every style before the first step and after each."""
    app = App[None](css_path=APP_SHEET)
    targets = Targets.build()
    async with app.run_test() as pilot:
        stand_in = cast("type[Screen[None]]", type(name, (Screen,), {}))
        screen = stand_in(classes=targets.screen_classes)
        await app.push_screen(screen)
        # Each chain in a box of its own, as selectors share ids (`#phase`, `.-ready
        # #phase`); the boxes are not shown, which spares laying them out.
        boxes = [Widget(chain[0]) for chain in targets.chains]
        for box in boxes:
            box.styles.display = "none"
        await screen.mount_all(boxes)
        await pilot.pause()
        noted = [targets.styles(screen)]
        for sheets in steps:
            for sheet in sheets:
                app.stylesheet.read(sheet)
            app.stylesheet.reparse()
            app.stylesheet.update(app)
            await pilot.pause()
            noted.append(targets.styles(screen))
    return targets, noted


@pytest.mark.parametrize("name", sorted(screen.__name__ for screen in SCREENS))
async def test_no_other_screens_rules_reach_a_screen(name: str) -> None:
    """On a stand-in for the screen, a widget for every selector of every sheet (the
    workout's `#program`, Programs' `#program-title`, History's `Panel DataTable`...):
    the screen's own sheet styles its targets, and the other sheets, loaded after it
    as the app loads them, change nothing on it."""
    own = sheet_of(next(screen for screen in SCREENS if screen.__name__ == name))
    others = [sheet for sheet in screens_by_sheet() if sheet != own]

    targets, (unstyled, alone, together) = await styles_as_sheets_load(name, [own], others)

    mine = targets.of(name)
    assert mine
    assert [i for i in mine if alone[i] == unstyled[i]] == []
    assert together == alone


async def test_showing_home_makes_textual_parse_no_sheet_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Home's sheet is read with the app's. A screen that brings a sheet Textual has not
    read makes it parse every sheet again, from scratch: on the way to the first frame,
    that cost about as much as Home's own start."""
    from glutetui.screens.home import HomeScreen
    from tests.ui.conftest import make_app

    reparsed: list[Stylesheet] = []
    reparse = Stylesheet.reparse

    def counted(self: Stylesheet) -> None:
        reparsed.append(self)
        reparse(self)

    monkeypatch.setattr(Stylesheet, "reparse", counted)
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.query_one("#today").styles.border_top[0] == "round"
    assert reparsed == []
