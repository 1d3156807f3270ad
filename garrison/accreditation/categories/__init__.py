"""Categories of people and the zones each may enter, when: the category × zone matrix."""
