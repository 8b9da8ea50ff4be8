"""History: what was done and whether it is getting better.

Tabs for the workouts, trends per exercise, the calendar, left/right balance,
time under tension and records. Each tab loads its figures in a worker the first
time it is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, TabbedContent, TabPane, Tabs

from glutetui.screens.styled import StyledOnMount
from glutetui.widgets.calendar import CalendarPanel
from glutetui.widgets.failures import deliver, failure_text
from glutetui.widgets.keybar import KeyBar
from glutetui.widgets.messages import Changed
from glutetui.widgets.panel import Panel
from glutetui.widgets.tables import BalancePanel, RecordsPanel, TensionPanel
from glutetui.widgets.trend import TrendPanel
from glutetui.widgets.workout_list import WorkoutList

if TYPE_CHECKING:
    from glutetui.readouts.history import Window
    from glutetui.services import Services

TABS = (
    ("workouts", "Workouts", WorkoutList),
    ("trends", "Trends", TrendPanel),
    ("calendar", "Calendar", CalendarPanel),
    ("balance", "Balance", BalancePanel),
    ("tension", "Tension", TensionPanel),
    ("records", "Records", RecordsPanel),
)


class HistoryScreen(StyledOnMount, Screen[None]):
    CSS_PATH = Path(__file__).with_name("history.tcss")
    BINDINGS = [
        Binding("escape,h", "app.pop_screen", "Home", id="history-home"),
        Binding("e", "export", "Export", id="history-export"),
        Binding("i", "import_file", "Import", id="history-import"),
        Binding(
            "r", "report", "Report", tooltip="Report for your physiotherapist", id="history-report"
        ),
        # Before any widget: the Trends tab's pickers would take a digit as a search.
        *(
            Binding(
                str(n), f"tab('{key}')", label, show=False, id=f"history-tab-{key}", priority=True
            )
            for n, (key, label, _) in enumerate(TABS, start=1)
        ),
    ]

    def __init__(self, services: Services, tab: str = "workouts") -> None:
        super().__init__()
        self.services = services
        self.initial = tab

    def compose(self) -> ComposeResult:
        yield Header(icon="◐")
        with TabbedContent(initial=self.initial, id="history-tabs"):
            for n, (key, label, panel) in enumerate(TABS, start=1):
                with TabPane(f"{n} {label}", id=key):
                    yield panel(id=f"{key}-panel")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "History"
        self._panel(self.initial).ensure_loaded()

    def _panel(self, key: str) -> Panel:
        return self.query_one(f"#{key}-panel", Panel)

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id is not None:
            panel = self._panel(event.pane.id)
            panel.ensure_loaded()
            # The keys follow the tab: the table of the tab shown answers the arrows and
            # Enter (the one focused before may now be hidden, and keys would go nowhere).
            self.call_after_refresh(self._focus_panel, panel)

    def _focus_panel(self, panel: Panel) -> None:
        pane = self.query_one(TabbedContent).active_pane
        if pane is None or panel.parent is not pane:
            return  # another tab was chosen meanwhile
        focused = self.focused
        if focused is not None and panel in focused.ancestors and focused.is_on_screen:
            return  # already in the panel shown
        target = panel.focus_target()
        (target or self.query_one(Tabs)).focus()

    def action_tab(self, key: str) -> None:
        # The focus leaves the pane first: a widget focused in a hidden pane (the Trends
        # pickers) would bring its pane straight back.
        self.query_one(Tabs).focus()
        self.query_one(TabbedContent).active = key

    def on_panel_wanted(self, event: Panel.Wanted) -> None:
        """A panel wants its figures: read them (through the readouts) off the UI thread."""
        self.read_for(event.panel, event.wants)

    @work(thread=True, group="panels", exit_on_error=False)
    def read_for(self, panel: Panel, wants: Any) -> None:
        from glutetui.readouts import history as figures
        from glutetui.widgets.workout_list import PAGE

        services = self.services
        store, catalog = services.store, services.catalog
        today = services.clock.now().astimezone().date()
        readers: dict[str, Callable[[], Any]] = {
            "workouts-panel": lambda: figures.workouts_page(store, wants, PAGE),
            "trends-panel": lambda: figures.trend_view(store, catalog, today, *wants),
            "calendar-panel": lambda: figures.calendar(
                store, catalog, today, services.settings.plan
            ),
            "balance-panel": lambda: figures.balance(store, catalog),
            "tension-panel": lambda: figures.tension(store, today),
            "records-panel": lambda: figures.records(store, catalog),
        }
        try:
            data = readers[panel.id or ""]()
        except Exception as exc:
            deliver(self, panel.failed, failure_text(exc))
            return
        deliver(self, panel.deliver, data)

    def on_changed(self, event: Changed) -> None:
        """The history changed (an import, a rating): the panels shown read again."""
        if event.change.topic in ("imported", "ratings", "pain-today", "suggestions", "unfinished"):
            for key, _, _ in TABS:
                panel = self._panel(key)
                if panel.loaded:
                    panel.reload()

    def on_workout_list_opened(self, event: WorkoutList.Opened) -> None:
        from glutetui.screens.workout_detail import WorkoutDetailScreen

        self.app.push_screen(WorkoutDetailScreen(self.services, event.workout_id))

    def action_export(self) -> None:
        from glutetui.screens.transfer import ExportScreen

        self.app.push_screen(ExportScreen(self.services))

    def action_import_file(self) -> None:
        from glutetui.screens.transfer import ImportScreen

        self.app.push_screen(ImportScreen(self.services))  # the panels read again on import

    def action_report(self) -> None:
        self.notify("Writing the report for your physiotherapist…", timeout=3)
        self.write_report(self.query_one(TrendPanel).window)

    @work(thread=True, exclusive=True, group="report", exit_on_error=False)
    def write_report(self, window: Window) -> None:
        """The report for the Trends tab's window, into the user's home folder."""
        from glutetui.readouts.history import WINDOWS
        from glutetui.report import ReportError
        from glutetui.report.make import write_for_app
        from glutetui.store.errors import StoreError

        services = self.services
        today = services.clock.now().astimezone().date()
        try:
            said = write_for_app(
                services.store,
                services.catalog,
                WINDOWS[window][0],
                Path.home(),
                today,
                services.settings.plan,
            )
        except (ReportError, StoreError) as exc:
            deliver(self, self.notify, str(exc), severity="error", markup=False)
        else:
            deliver(self, self.notify, said, timeout=20, markup=False)
