"""Members' unavailability: windows the roster avoids when it can."""
