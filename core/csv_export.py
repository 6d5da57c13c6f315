"""The one CSV writer of every export of the desk: a text cell never becomes a spreadsheet formula.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula, and some also
after a leading tab or carriage return: a courier named `=HYPERLINK("http://…","Vahe")` or
`=cmd|' /C calc'!A0` would be a link or a command in the manager's spreadsheet (CSV injection,
issue 17). Such a text is written with a leading apostrophe, which spreadsheets show as text.

Numbers are written as numbers: an int, a Decimal or a float is the value a column holds (a
negative amount stays -5, which a spreadsheet reads as the number it is, not as a formula);
only text is neutralised, including text that looks like a number (a figure already formatted
for the screen as "-5" comes out as '-5, text). Pass figures as numbers where they are numbers."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from decimal import Decimal

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> object:
    """What the writer puts in a cell: a number as is, None as empty, anything else as text
    that cannot start a formula."""
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_response(*, filename: str, header: Iterable, rows: Iterable[Iterable]) -> HttpResponse:
    """A CSV download (UTF-8): the header row, then the rows, every cell through `csv_cell`."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow([csv_cell(cell) for cell in header])
    writer.writerows([csv_cell(cell) for cell in row] for row in rows)
    return response
