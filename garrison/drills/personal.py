"""Drills hold no personal data: scripts are invented scenarios, and people (the planner, the
controller) are referred to by user id only. Nothing to declare (garrison.core.personal)."""
