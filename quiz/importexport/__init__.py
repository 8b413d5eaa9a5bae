"""Import and export of the question bank (topics, facts, questions and their choices), in two formats:

- JSON in the fixtures format (json_format): a full copy, loaded back without loss.
- CSV for teachers who write questions in a spreadsheet (csv_format): one question a row.

An import checks every row first and saves nothing unless all of them are right; each problem names
its row. Everything happens inside one transaction, and an import takes at most csv_format.MAX_ROWS
rows or json_format.MAX_OBJECTS objects, so that it ends well within a worker's timeout.
"""

from .common import BANK_MODELS, ImportFailed, ImportResult, decode
from .csv_format import CSV_COLUMNS, MAX_ROWS, export_csv_lines, export_csv_rows, import_csv, too_many_rows
from .json_format import MAX_OBJECTS, export_json, export_json_chunks, import_json, too_many_objects

__all__ = [
    "BANK_MODELS",
    "CSV_COLUMNS",
    "MAX_OBJECTS",
    "MAX_ROWS",
    "ImportFailed",
    "ImportResult",
    "decode",
    "export_csv_lines",
    "export_csv_rows",
    "export_json",
    "export_json_chunks",
    "import_csv",
    "import_json",
    "too_many_objects",
    "too_many_rows",
]
