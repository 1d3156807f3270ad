"""The 24/7 roster: rules, the pre-check, the CP-SAT optimiser, runs and hand edits."""
