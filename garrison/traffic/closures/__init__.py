"""Road closures in time windows, their detours, and the disruption they cause."""
