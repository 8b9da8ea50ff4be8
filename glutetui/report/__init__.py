"""The physiotherapist's report: one self-contained HTML page with charts.

``make.write_report`` writes it; ``period.Period`` says which days it covers. The
figures come from SQL (``data``), the charts from pygal (``charts``) and the page
from a Jinja2 template (``templates/``). Importing this package costs nothing: the
database, the template engine and the plotting library load only when a report
is made.
"""

from __future__ import annotations

from glutetui.report.period import Period, ReportError, default_file_name

__all__ = ["Period", "ReportError", "default_file_name"]
