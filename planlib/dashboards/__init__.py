"""Widgets returned to the thin notebooks in ``notebooks/`` (one call per notebook)."""
