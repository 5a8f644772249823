"""`flask export` / `flask import`: a seeded SQLite site moves to MariaDB intact."""

import csv
import io
import json
from datetime import datetime

from sqlalchemy import func, select, text

from myapp.auth import services as auth_services
from myapp.directory.listings import search
from myapp.extensions import db
from myapp.ops import exchange
from tests.test_ops_backup import invoke, make_app

SAMPLE_EVERY = 5  # compare every fifth row of each table in full


def snapshot(app) -> dict[str, dict[int | tuple, dict]]:
    """Every table's rows by primary key, datetimes cut to seconds (MySQL DATETIME)."""
    tables = {}
    with app.app_context():
        for table in db.metadata.sorted_tables:
            rows = {}
            for row in db.session.execute(select(table)).mappings():
                key = tuple(row[c.name] for c in table.primary_key.columns)
                rows[key] = {k: _second(v) for k, v in row.items()}
            tables[table.name] = rows
        db.session.remove()
    return tables


def _second(value):
    return value.replace(microsecond=0) if isinstance(value, datetime) else value


def close(*apps):
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def test_a_seeded_site_moves_from_sqlite_to_mariadb(tmp_path, mariadb_database):
    source = make_app(f"sqlite:///{tmp_path}/site.db")
    seeded = invoke(source, "demo", "seed", "--articles", "40", "--listings", "40")
    assert seeded.exit_code == 0, seeded.output
    dump = tmp_path / "site.jsonl"
    exported = invoke(source, "export", "-o", str(dump))
    assert exported.exit_code == 0, exported.output

    target = make_app(mariadb_database("moved"))
    imported = invoke(target, "import", str(dump))
    assert imported.exit_code == 0, imported.output

    before, after = snapshot(source), snapshot(target)
    counts = {name: (len(before[name]), len(after[name])) for name in before}
    print("rows per table (sqlite, mariadb):", counts)
    assert all(a == b for a, b in counts.values()), counts
    assert counts["articles"][0] > 40 and counts["listings"][0] > 40
    for name, rows in before.items():
        for key in sorted(rows)[::SAMPLE_EVERY]:
            assert after[name][key] == rows[key], (name, key)

    with target.app_context():
        # the hashes moved with the users: the demo admin still signs in
        assert auth_services.authenticate("admin@example.com", "linchpin-admin")
        # the search index was rebuilt from the moved listings
        indexed = "SELECT count(DISTINCT listing_id) FROM listing_words"
        assert db.session.scalar(text(indexed)) == counts["listings"][0]
        assert search.search_listings("sourdough")
        new_id = db.session.execute(
            text("INSERT INTO tags (name, slug) VALUES ('moved', 'moved')")
        ).lastrowid
        assert new_id == max(key[0] for key in before["tags"]) + 1
        db.session.rollback()
    close(source, target)


def test_import_refuses_a_database_with_content(scratch_database, tmp_path):
    app = make_app(scratch_database("filled"))
    dump = tmp_path / "dump.jsonl"
    assert (
        invoke(
            app,
            "users",
            "create",
            "--email",
            "a@example.com",
            "--password",
            "a long enough password",
        ).exit_code
        == 0
    )
    assert invoke(app, "export", "-o", str(dump)).exit_code == 0
    result = invoke(app, "import", str(dump))
    assert result.exit_code != 0
    assert "Import needs empty tables; users hold rows." in result.output
    close(app)


def test_listings_export_as_csv(scratch_database, tmp_path):
    app = make_app(scratch_database("csv"))
    assert invoke(app, "demo", "seed").exit_code == 0
    out = tmp_path / "listings.csv"
    result = invoke(
        app, "export", "--format", "csv", "--only", "listings", "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    with out.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    with app.app_context():
        names = list(db.session.scalars(text("SELECT name FROM listings ORDER BY id")))
        total = db.session.scalar(
            select(func.count()).select_from(exchange.tables(["listings"])[0])
        )
    assert len(rows) == total == len(names) > 0
    assert [row["name"] for row in rows] == names
    assert {"id", "slug", "url", "category_id", "plan_id", "status"} <= set(rows[0])
    assert invoke(app, "export", "--format", "csv").exit_code != 0  # one table only
    close(app)


def test_export_header_names_the_migration(scratch_database):
    app = make_app(scratch_database("header"))
    with app.app_context():
        out = io.StringIO()
        exchange.export_jsonl(out, ["plans"])
        lines = out.getvalue().splitlines()
    header = json.loads(lines[0])
    assert header["format"] == "linchpin-export" and header["revision"]
    assert {json.loads(line)["table"] for line in lines[1:]} == {"plans"}
    close(app)
