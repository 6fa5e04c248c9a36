"""Cells for the CSV and Excel exports that no spreadsheet will run as a formula.

Excel, LibreOffice and WPS evaluate a cell that begins with =, +, - or @ (and, after a tab
or a carriage return, what follows), so a username typed at the login page, a window's
name or a hall's name could run =HYPERLINK(...) or a DDE command on the auditor's or the
manager's computer. Following OWASP's advice on CSV injection, such text is written with a
leading apostrophe: the spreadsheet shows it as text, and a person reading it still sees
what was typed. In a workbook the apostrophe is the cell's own "quote prefix" flag - what
Excel stores when someone types '=x - on a cell typed as text, so the value stays exactly
as typed, no formula is ever stored, and editing the cell in Excel does not turn it into
one. Numbers stay numbers: a negative figure, or one written as text such as "-12.5" or
"-3.0%", is not a formula and is left alone. Every writer of CSV or XLSX goes through
`looks_like_formula` (`csv_row` for a CSV line, `put` for a worksheet cell).
"""
import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?%?", re.ASCII)


def looks_like_formula(value) -> bool:
    """Text a spreadsheet would evaluate; numbers, and numbers written as text, are not."""
    return (isinstance(value, str) and value.startswith(FORMULA_STARTS)
            and not NUMBER.fullmatch(value))


def safe_cell(value):
    """A CSV value as a spreadsheet must show it: text that would be a formula gets a '."""
    return "'" + value if looks_like_formula(value) else value


def csv_row(values) -> list:
    """One CSV line's values: None as empty, formula-like text neutralised."""
    return ["" if value is None else safe_cell(value) for value in values]


def put(sheet, row: int, column: int, value):
    """Write one worksheet cell: numbers as numbers, text always as text, never a formula.

    openpyxl turns any string beginning with = into a formula, so the cell's type is set
    back to string after the value; formula-like text also gets Excel's quote prefix.
    """
    cell = sheet.cell(row, column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if looks_like_formula(value):
            cell.quotePrefix = True
    return cell
