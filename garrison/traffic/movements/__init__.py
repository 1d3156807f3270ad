"""Convoy movements: from one site to another at a time, routed on the road network."""
