"""One timed start in a fresh process; prints JSON for the harness.

    python -m benchmarks.startup_probe bare T0          # a bare app: one Static
    python -m benchmarks.startup_probe home T0 HOME     # glutetui to Home's first frame
    python -m benchmarks.startup_probe data T0 HOME     # glutetui to Home showing its data

T0 is the parent's ``time.time()`` just before it started this process, so the
figures include the interpreter starting and every import.
"""

from __future__ import annotations

import json
import os
import sys
import time


def elapsed_ms(t0: float) -> float:
    return (time.time() - t0) * 1000


def bare(t0: float) -> float:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    result: dict[str, float] = {}

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("glutetui")

        def on_mount(self) -> None:
            self.call_after_refresh(self.first_frame)

        def first_frame(self) -> None:
            result["ms"] = elapsed_ms(t0)
            self.exit()

    Bare().run(headless=True, size=(100, 30))
    return result["ms"]


def glutetui(t0: float, home: str, with_data: bool) -> float:
    from glutetui.app import GlutetuiApp
    from glutetui.locations import Locations
    from glutetui.screens.home import HomeScreen
    from glutetui.services import HomeData

    result: dict[str, float] = {}

    class Timed(GlutetuiApp):
        def on_mount(self) -> None:
            super().on_mount()
            if not with_data:
                self.call_after_refresh(self.done)

        def done(self) -> None:
            result.setdefault("ms", elapsed_ms(t0))
            self.exit()

    class TimedHome(HomeScreen):
        async def show(self, data: HomeData) -> None:
            await super().show(data)
            if with_data:
                self.call_after_refresh(app.done)

    import glutetui.app as app_module

    app_module.HomeScreen = TimedHome  # type: ignore[attr-defined]
    from pathlib import Path

    app = Timed(Locations(Path(home), Path(home)))
    app.run(headless=True, size=(100, 30))
    return result["ms"]


def main() -> None:
    mode, t0 = sys.argv[1], float(sys.argv[2])
    os.environ.pop("COLUMNS", None)
    ms = bare(t0) if mode == "bare" else glutetui(t0, sys.argv[3], with_data=mode == "data")
    print(json.dumps({"ms": ms}))


if __name__ == "__main__":
    main()
