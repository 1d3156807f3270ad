"""Scans at the gates: the decision rules, recording scans many at a time, occupancy."""
