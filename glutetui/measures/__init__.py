"""Every clinical figure glutetui shows, computed once, in pure Python.

Home, the summary, History, the report, the progression rules and the command line
all call these; none computes a figure of its own. By module:

- ``doses``: the dose in force for a program block at a moment, and a change's direction;
- ``in_use``: the program in use at a moment (Home, History, progress, the report);
- ``symmetry``: left against right, the limb symmetry index, where it measures capacity;
- ``sides``: the weaker side, named only where a measure shows it;
- ``adherence``: training days per week against the target of the program in use;
- ``first_last``: the period's first two weeks against its last two, per side;
- ``marks``: best marks and the ones a workout beat;
- ``words``: a dose, a length and a time trained in words.

No database and no Textual here: the store reads the rows, these turn them into figures.
"""
