"""``python -m glutetui``: the same as the ``glutetui`` command."""

from __future__ import annotations

from glutetui.cli import main

raise SystemExit(main())
