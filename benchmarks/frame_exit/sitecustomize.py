"""Loaded by Python at start-up when this folder is on PYTHONPATH (see
``benchmarks/startup_count.py``): ends the program the moment Textual has drawn its
first frame, so that what is counted is the way to that frame and nothing after it.

The same hook goes into both programs compared, so its own small cost is on both sides.
It writes the file named by ``GLUTETUI_FRAME_EXIT_MARK`` as it ends the program, so the
benchmark knows the frame was reached rather than the program failing before it.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import os
import sys
from types import ModuleType
from typing import Any

MARK_ENV = "GLUTETUI_FRAME_EXIT_MARK"  # a file written as the program ends at its frame


def _end_at_first_frame(module: ModuleType) -> None:
    app_class: Any = module.App
    display = app_class._display

    def _display(self: Any, screen: Any, renderable: Any) -> None:
        display(self, screen, renderable)
        if renderable is not None:
            mark = os.environ.get(MARK_ENV)
            if mark:
                with open(mark, "w") as reached:
                    reached.write("first frame\n")
            os._exit(0)

    app_class._display = _display


class _Finder(importlib.abc.MetaPathFinder):
    """Patches ``textual.app`` as it is imported, wherever that happens."""

    def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
        if name != "textual.app":
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return spec
        loader: Any = spec.loader
        run = loader.exec_module

        def exec_module(module: ModuleType) -> None:
            run(module)
            _end_at_first_frame(module)

        loader.exec_module = exec_module
        return spec


sys.meta_path.insert(0, _Finder())
