"""Coverage's personal data (garrison.core.personal): none. A placement holds site and zone ids,
weights and travel times; its author is a user id (the accounts app declares users). A live
suggestion holds the same, with people counted per zone (numbers, never identities)."""
