"""Coverage's personal data (garrison.core.personal): none. A placement holds site and zone ids,
weights and travel times; its author is a user id (the accounts app declares users)."""
