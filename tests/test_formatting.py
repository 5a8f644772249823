"""Money, local times and changed words, as the pages show them to people."""

from datetime import datetime

from myapp.formatting import from_local, local_time, money, word_diff


def test_money_reads_as_money_not_cents():
    assert money(4900, "EUR") == "49.00 EUR"
    assert money(123456, "USD") == "1,234.56 USD"
    assert money(-5, "EUR") == "-0.05 EUR"


def test_word_diff_marks_only_the_changed_words():
    old, new = word_diff(
        "Sourdough and rye loaves baked every morning",
        "Sourdough and spelt loaves baked every evening",
    )
    assert str(old) == (
        "Sourdough and <del>rye</del> loaves baked every <del>morning</del>"
    )
    assert str(new) == (
        "Sourdough and <ins>spelt</ins> loaves baked every <ins>evening</ins>"
    )


def test_word_diff_escapes_what_owners_typed():
    old, new = word_diff(None, "<b>Bold</b> & co")
    assert str(old) == "—"
    assert "<b>" not in str(new) and "&lt;b&gt;Bold&lt;/b&gt;" in str(new)


def test_times_show_in_the_site_time_zone(app, monkeypatch):
    monkeypatch.setitem(app.config, "SITE_TIMEZONE", "Europe/Berlin")
    winter = datetime(2026, 12, 1, 13, 5)
    summer = datetime(2026, 7, 1, 13, 5)
    with app.test_request_context():
        assert local_time(winter) == "2026-12-01 14:05 CET"
        assert local_time(summer) == "2026-07-01 15:05 CEST"
        # What an editor types in the scheduling form is wall-clock time there.
        assert from_local(datetime(2026, 12, 1, 14, 5)) == winter


def test_times_default_to_utc(app):
    with app.test_request_context():
        assert local_time(datetime(2026, 12, 1, 13, 5)) == "2026-12-01 13:05 UTC"
