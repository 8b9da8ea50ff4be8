"""Coaching: the progression rules (pure), the coach that applies them to the log, and
the single-leg stance self-test."""
