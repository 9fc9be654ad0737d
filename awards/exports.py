"""Spreadsheet exports that a spreadsheet program cannot mistake for formulas.

Text that begins with `=`, `+`, `-`, `@`, a tab or a carriage return may be run as a formula when
a CSV or XLSX file is opened (CSV injection). Nominee names, reasons and school names are typed by
people outside the foundation, so every exported cell goes through `neutralise_formula`.
"""

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """`value` with a single quote in front when it is text a spreadsheet could run as a formula.

    Anything else (other text, numbers, dates, None) is returned unchanged.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class FormulaSafeExportMixin:
    """For a Wagtail IndexView with `list_export`: CSV and XLSX cells pass through
    `neutralise_formula`; XLSX text also loses the control characters openpyxl refuses."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_XLSX and isinstance(value, str):
            # Before neutralising: removing a control character can expose an `=` behind it.
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
        return neutralise_formula(value)
