"""Where to place the rapid-response teams: covering models on road travel times."""
