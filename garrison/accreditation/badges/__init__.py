"""Printing badges: one badge's PDF, and batches built in the background."""
