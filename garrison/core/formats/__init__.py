"""Garrison's date and time formats, one per language (``FORMAT_MODULE_PATH``).

Both languages show dates day-first and times on a 24-hour clock, the way the event's staff write
them: ``15/12/2026`` and ``15/12/2026 14:05``. Django's own English formats are month-first with
a.m./p.m. and its Vietnamese ones spell the month out; these override the date and time formats
only (number formats still come from Django's locale). Pages and PDFs name a format
(``{{ value|date:"SHORT_DATETIME_FORMAT" }}``) instead of spelling one out, so that they all agree.
"""
