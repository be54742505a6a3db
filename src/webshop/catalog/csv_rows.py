"""The product CSV as a file: bytes to checked rows with their line numbers, and rows to text.

Nothing here knows the database. Files are UTF-8 (a byte-order mark is fine; Excel writes one)
with a header row; a cell that a spreadsheet would run as a formula is flagged, and the
leading apostrophe that escapes one (as the export writes it) is taken off again.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from webshop.catalog.errors import InvalidImportFile

BOM = "\ufeff"
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"
SEPARATORS = (",", ";")  # Excel writes ";" where the decimal separator is ","
MAX_REPORTED_LINES = 5
SAVE_AS_UTF8 = 'save it as "CSV UTF-8" and import that'
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


@dataclass(frozen=True)
class CsvRow:
    line: int
    """Where the row starts in the file (the header is line 1)."""
    cells: dict[str, str]
    """Column (lower case) to the cell's text, exactly as in the file."""


def looks_like_formula(cell: str, *, numeric: bool = False) -> bool:
    """Whether a spreadsheet would run the cell. A number such as -5 is a plain value, not a
    formula, in a `numeric` column."""
    if not cell.startswith(FORMULA_STARTS):
        return False
    return not (numeric and _PLAIN_NUMBER.fullmatch(cell))


def escape(text: str) -> str:
    """A cell a spreadsheet shows as the text itself: an apostrophe before anything that would
    start a formula (and before apostrophes that would otherwise be taken as the escape)."""
    return ESCAPE + text if text.lstrip(ESCAPE).startswith(FORMULA_STARTS) else text


def unescape(cell: str) -> str:
    """The text of a cell `escape` wrote: "'=x" is "=x"; "'tis" stays as it is."""
    if cell.startswith(ESCAPE) and cell.lstrip(ESCAPE).startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


def decode(data: bytes) -> str:
    """The file's text, or `InvalidImportFile` saying how to save it so that it can be read."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_like_utf16(data):
        raise InvalidImportFile(f"The file is UTF-16 text; {SAVE_AS_UTF8}")
    data = data.removeprefix(codecs.BOM_UTF8)
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise InvalidImportFile(
            f"Line {line} contains a NUL byte: the file is not a text CSV; {SAVE_AS_UTF8}"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InvalidImportFile(
            f"The file is not UTF-8 (line {line} has a byte UTF-8 does not allow, as in a "
            f"Latin-1 or Windows-1252 file); {SAVE_AS_UTF8}"
        ) from None
    if not text.strip():
        raise InvalidImportFile("The file is empty")
    return text


def _looks_like_utf16(data: bytes) -> bool:
    """UTF-16 without a byte-order mark: ASCII text with a NUL byte beside every character."""
    sample = data[:1000]
    return len(sample) >= 4 and (
        sample[1::2].count(0) > len(sample) // 4 or sample[0::2].count(0) > len(sample) // 4
    )


def read(
    text: str, *, columns: Sequence[str], required: Sequence[str], max_rows: int
) -> list[CsvRow]:
    """The rows under the header, each a dict of every column of the header. Rows with no
    text at all (blank lines, a spreadsheet's trailing empty rows) are left out.

    Raises `InvalidImportFile` for a header without the `required` columns or with unknown or
    repeated ones, for rows with more cells than the header or fewer, for broken quoting and
    for more than `max_rows` rows.
    """
    text = text.removeprefix(BOM)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_separator(text), strict=True)
    header = _check_header(_next_record(reader, 1) or [], columns=columns, required=required)
    rows: list[CsvRow] = []
    misshapen: list[str] = []
    end = reader.line_num
    while (cells := _next_record(reader, end + 1)) is not None:
        line, end = end + 1, reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header) and not any(cell.strip() for cell in cells[len(header) :]):
            cells = cells[: len(header)]
        if len(cells) != len(header):
            misshapen.append(f"line {line} has {len(cells)}")
            continue
        if len(rows) == max_rows:
            raise InvalidImportFile(
                f"The file has more than {max_rows:,} rows; split it into smaller files"
            )
        rows.append(CsvRow(line, dict(zip(header, cells, strict=True))))
    if misshapen:
        raise InvalidImportFile(_misshapen(misshapen, len(header)))
    if not rows:
        raise InvalidImportFile("The file has a header but no product rows")
    return rows


def _separator(text: str) -> str:
    """ "," unless the header line is clearly separated by ";" instead."""
    first_line = text.split("\n", 1)[0]
    return max(SEPARATORS, key=first_line.count)


def _next_record(reader: Iterable[list[str]], line: int) -> list[str] | None:
    try:
        return next(iter(reader), None)
    except csv.Error as exc:
        raise InvalidImportFile(f"Line {line} is not valid CSV: {exc}") from None


def _check_header(
    cells: list[str], *, columns: Sequence[str], required: Sequence[str]
) -> list[str]:
    header = [cell.strip().lower() for cell in cells]
    while header and not header[-1]:
        header.pop()  # a spreadsheet's empty trailing columns
    problems = []
    if blank := [str(i) for i, name in enumerate(header, start=1) if not name]:
        problems.append(f"column {', '.join(blank)} of the header has no name")
    if unknown := [name for name in dict.fromkeys(header) if name and name not in columns]:
        problems.append(f"unknown column{_names(unknown)}")
    if repeated := [name for name in dict.fromkeys(header) if name and header.count(name) > 1]:
        problems.append(f"repeated column{_names(repeated)}")
    if missing := [name for name in required if name not in header]:
        problems.append(f"missing column{_names(missing)}")
    if problems:
        detail = "; ".join(problems)
        raise InvalidImportFile(
            f"{detail[0].upper()}{detail[1:]}. The header row names the columns, in any order: "
            f"{', '.join(columns)} (all but {_optional(columns, required)} required)"
        )
    return header


def _names(names: list[str]) -> str:
    return ("s " if len(names) > 1 else " ") + ", ".join(f'"{name}"' for name in names)


def _optional(columns: Sequence[str], required: Sequence[str]) -> str:
    return ", ".join(column for column in columns if column not in required)


def _misshapen(lines: list[str], width: int) -> str:
    shown = ", ".join(lines[:MAX_REPORTED_LINES])
    more = len(lines) - MAX_REPORTED_LINES
    and_more = f" and {more} more line{'s' if more > 1 else ''}" if more > 0 else ""
    return (
        f"Every row needs {width} cells, as the header has {width} columns, but {shown} "
        f"cells{and_more}. A cell with a comma or a line break must be in double quotes."
    )


def write(rows: Iterable[Sequence[object]]) -> str:
    """Rows as CSV text, with the line endings spreadsheets expect (CRLF)."""
    output = io.StringIO()
    csv.writer(output).writerows(rows)
    return output.getvalue()
