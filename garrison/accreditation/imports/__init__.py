"""Importing people from a CSV or XLSX file: check every row, preview, then confirm."""
