"""Accredited people: their details, photo, and per-person extra zones and removals."""
