"""The site watch on a generated corpus of local sites, and the editors' answers."""

import pytest

from myapp.directory.linkcheck import results as link_results
from myapp.directory.models import Listing
from myapp.directory.trust import site_watch
from myapp.directory.trust.fingerprint import distance
from myapp.directory.trust.models import SiteWatch
from myapp.extensions import db
from tests import site_corpus
from tests.factories import mail_about, make_listing


def decided(listing: Listing) -> str:
    """What the checker decided about one listing, in the table's words."""
    db.session.refresh(listing)
    watch = db.session.get(SiteWatch, listing.id)
    if listing.link_status != "ok":
        return "failing"
    if watch.suspect_kind:
        return watch.suspect_kind
    return "moved" if watch.last_url.rstrip("/") != listing.url.rstrip("/") else "ok"


@pytest.fixture
def corpus(net, app, monkeypatch):
    monkeypatch.setitem(app.config, "LINKCHECK_TIMEOUT", 2.0)
    monkeypatch.setitem(app.config, "LINKCHECK_WORKERS", 4)
    monkeypatch.setitem(app.config, "SITE_WATCH_NAME_SERVERS", True)
    site_corpus.slow_answer(net)
    sites = site_corpus.build()
    site_corpus.serve(net, sites, "before")
    listings = [
        make_listing(url=net.web.url(site.host), name=site.label[:100], plan="standard")
        for site in sites
    ]
    first = link_results.check_links()
    site_corpus.serve(net, sites, "after")
    return sites, listings, first


def test_the_corpus_table_has_no_false_alarms(corpus, capsys):
    sites, listings, first = corpus
    assert len(sites) >= 30 and first["site_baseline"] == len(sites)
    second = link_results.check_links()
    rows = [
        (s, decided(lst), db.session.get(SiteWatch, lst.id))
        for s, lst in zip(sites, listings, strict=True)
    ]
    with capsys.disabled():
        print("\n| site | kind | decided | bits changed | evidence |")
        print("|---|---|---|---|---|")
        for site, verdict, watch in rows:
            listing = watch.listing
            evidence = watch.suspect_reason or listing.link_error or "—"
            bits = distance(watch.baseline_fingerprint, watch.last_fingerprint)
            print(f"| {site.label} | {site.kind} | {verdict} | {bits} | {evidence} |")
        print(f"\ncounts: {dict(sorted(second.items()))}")
    wrong = [(s.label, v) for s, v, _ in rows if v != s.expected]
    assert wrong == []


def test_editors_answer_a_suspect_site(corpus, editor, outbox):
    sites, listings, _ = corpus
    link_results.check_links()
    by_kind = {}
    for site, listing in zip(sites, listings, strict=True):
        by_kind.setdefault(site.kind, listing)
    hijacked, parked, redirected = (
        by_kind["hijacked"],
        by_kind["parked"],
        by_kind["redirect"],
    )
    assert {w.listing_id for w in site_watch.suspects()} >= {hijacked.id, parked.id}
    site_watch.answer_suspect(editor, hijacked.id, "fine")
    watch = db.session.get(SiteWatch, hijacked.id)
    assert (
        watch.suspect_kind is None
        and watch.baseline_fingerprint == watch.last_fingerprint
    )
    link_results.check_links()  # the new baseline holds
    assert db.session.get(SiteWatch, hijacked.id).suspect_kind is None
    site_watch.answer_suspect(editor, parked.id, "suspend")
    assert parked.status == "suspended"
    assert parked.status_reason.startswith("The site no longer looks like")
    site_watch.answer_suspect(editor, redirected.id, "contact")
    mail_about(outbox, "Please check the site")
