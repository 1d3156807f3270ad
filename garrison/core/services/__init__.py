"""The platform's own write paths, outside any domain: the task queue's bookkeeping (``queue``)."""
