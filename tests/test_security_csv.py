"""CSV exports never hand a spreadsheet a live formula."""

import csv
import io

import pytest

from myapp.ops import exchange
from myapp.stats.tables import Table
from tests.factories import make_listing

FORMULA = '=HYPERLINK("http://evil.example/x","Open")'


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_table_csv_neutralises_each_formula_start(start):
    text = Table("t", "T", ["Name", "N"], [[f"{start}1+1", 3]]).to_csv()
    [_, row] = list(csv.reader(io.StringIO(text)))
    assert row == [f"'{start}1+1", "3"]


def test_numbers_and_plain_text_are_left_alone():
    text = Table("t", "T", ["A", "B", "C"], [[-5, "-3.50", "Acme"]]).to_csv()
    assert text.splitlines()[1] == "-5,-3.50,Acme"


def test_dashboard_csv_of_a_formula_named_listing(client, login, admin):
    listing = make_listing(name=FORMULA)
    assert client.get(f"/go/{listing.id}").status_code in (301, 302, 303, 307)
    login(admin)
    response = client.get("/admin/stats/top_listings.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert ["'" + FORMULA, "1"] in rows


def test_data_export_csv_neutralises_formulas(app):
    make_listing(name=FORMULA)
    out = io.StringIO()
    exchange.export_csv(out, "listings")
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [row["name"] for row in rows] == ["'" + FORMULA]
