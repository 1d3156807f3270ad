"""Placements solved again on the live crowd (``services``)."""
