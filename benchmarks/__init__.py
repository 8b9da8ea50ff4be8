"""Performance benchmarks for glutetui (see the README)."""
