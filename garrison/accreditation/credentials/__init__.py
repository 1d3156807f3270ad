"""Badges (credentials): rights frozen and signed with the event's key, revoked, verified."""
