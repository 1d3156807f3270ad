"""Checkpoints: the gates of a zone, each taking entries, exits or both."""
