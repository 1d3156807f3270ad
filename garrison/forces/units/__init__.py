"""The command tree: units nested from the command down to teams."""
