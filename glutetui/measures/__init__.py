"""Every clinical figure glutetui shows, computed once, in pure Python.

Home, the summary, History, the report, the progression rules and the command line
all call these; none computes a figure of its own. By module:

- ``doses``: the dose in force for a program block at a moment;
- ``symmetry``: left against right, the limb symmetry index;
- ``adherence``: training days per week against the target;
- ``marks``: best marks and the ones a workout beat;
- ``words``: a dose, a length and a time trained in words.

No database and no Textual here: the store reads the rows, these turn them into figures.
"""
