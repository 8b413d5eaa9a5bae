"""CSV files that spreadsheet programs open safely: OWASP's rule against CSV injection.

Excel, LibreOffice and Google Sheets read a cell that begins with =, +, -, @, a tab or a carriage
return as a formula, so a question text or a username could run one on a teacher's computer. Every
CSV the app writes goes through `csv_bytes`, which puts a single quote before such a cell; the
question-bank import (quiz.importexport) reads its cells through `restore`, which takes that quote
off again, so an export reads back exactly. Numbers stay numbers: only text is quoted, so the
number -5 is written as -5 and a spreadsheet still sums the column.

Two flavours: the plain CSV (comma, decimal point: Google Sheets, LibreOffice, Excel in English) and
"Excel (Russian)": Excel set to Russian splits columns at semicolons and reads 0,5 as a number but
0.5 as text, so it puts a comma-separated file all into column A.
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


PLAIN = "plain"
EXCEL_RU = "excel-ru"
FLAVOURS = (PLAIN, EXCEL_RU)


def _decimal_comma(value):
    """A number as Russian Excel reads one: 0,25 (integers are the same either way)."""
    if isinstance(value, float | Decimal) and not isinstance(value, bool):
        return str(value).replace(".", ",")
    return value


def csv_bytes(rows, flavour: str = PLAIN) -> bytes:
    """UTF-8 with a byte-order mark, so that spreadsheet programs read Cyrillic right."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    if flavour == EXCEL_RU:
        writer = csv.writer(buffer, delimiter=";")
        writer.writerows([_decimal_comma(neutralise(cell)) for cell in row] for row in rows)
    else:
        csv.writer(buffer).writerows([neutralise(cell) for cell in row] for row in rows)
    return buffer.getvalue().encode("utf-8")
