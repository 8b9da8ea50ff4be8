"""The use cases: the one path every intent takes (``path``). The figures each surface
reads are in ``glutetui.readouts``, the live workout in ``glutetui.workout``."""
