"""CSV files that spreadsheet programs open safely: OWASP's rule against CSV injection.

Excel, LibreOffice and Google Sheets read a cell that begins with =, +, -, @, a tab or a carriage
return as a formula, so a question text or a username could run one on a teacher's computer. Every
CSV the app writes goes through `csv_bytes`, which puts a single quote before such a cell; the
question-bank import (quiz.importexport) reads its cells through `restore`, which takes that quote
off again, so an export reads back exactly. Numbers stay numbers: only text is quoted, so the
number -5 is written as -5 and a spreadsheet still sums the column.
"""

import csv
import io
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _looks_like_formula(text: str) -> bool:
    # Quotes already in front are skipped: a text that itself begins with "'=" gets one more, so
    # that `restore` (which takes off exactly one) gives it back unchanged.
    return text.lstrip("'").startswith(FORMULA_STARTS)


def neutralise(value):
    """The cell as written to a CSV: text that a spreadsheet would run as a formula, quoted."""
    if value is None or isinstance(value, int | float | Decimal):
        return value
    text = str(value)
    return "'" + text if _looks_like_formula(text) else text


def restore(cell: str) -> str:
    """A cell as it was before `neutralise`: the one quote it added, taken off."""
    if cell.startswith("'") and _looks_like_formula(cell):
        return cell[1:]
    return cell


def csv_bytes(rows) -> bytes:
    """UTF-8 with a byte-order mark, so that spreadsheet programs read Cyrillic right."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    csv.writer(buffer).writerows([neutralise(cell) for cell in row] for row in rows)
    return buffer.getvalue().encode("utf-8")
