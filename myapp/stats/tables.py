"""A table of numbers: what a chart draws, the page shows and the CSV holds."""

import io
from dataclasses import dataclass, field

from myapp.formatting import amount
from myapp.spreadsheet import SafeWriter


@dataclass
class Table:
    name: str
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    chart: str | None = None  # "line" | "bar" | None (a plain table)
    note: str = ""

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = SafeWriter(out, lineterminator="\r\n")
        writer.writerow(self.columns)
        writer.writerows(self.rows)
        return out.getvalue()


def money(cents: int) -> str:
    """Integer cents as a decimal amount, without ever touching a float."""
    return amount(cents)
