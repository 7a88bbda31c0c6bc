"""Theming a CSV or XLSX file without the web app: read, theme, write JSON (and HTML)."""

from analysis.themefile.read import BadInput, Table, read_table, to_units
from analysis.themefile.write import SCHEMA_ID, to_document, write_json

__all__ = ["SCHEMA_ID", "BadInput", "Table", "read_table", "to_document", "to_units", "write_json"]
