"""Claims by proof of domain, against a local DNS server and a local web server."""

import pytest
from sqlalchemy import select

from myapp.audit.models import AuditEntry
from myapp.directory.trust import claims
from myapp.directory.trust.tokens import PREFIX
from myapp.errors import NotFoundError, PermissionDenied
from myapp.extensions import db
from tests.factories import mail_about, make_listing, make_user

METHODS = ("dns", "meta", "file")


def publish(net, method, host, token):
    """Put `token` where `method` looks for it on `host`."""
    if method == "dns":
        net.txt(host, "v=spf1 -all", f"{PREFIX}{token}")
    elif method == "meta":
        net.web.page(
            host,
            "/",
            f'<html><head><meta name="linchpin-verification" content="{token}">'
            "<title>Home</title></head><body>Welcome</body></html>",
        )
    else:
        net.web.page(host, "/.well-known/linchpin-verification.txt", f"{token}\n")


def unpublish(net, method, host):
    if method == "dns":
        net.txt(host, "v=spf1 -all")
    else:
        net.web.pages.clear()
        net.web.page(host, "/")


@pytest.fixture
def site(net):
    """A listed site on bakery-one.com (resolved by the test DNS to 127.0.0.1)."""
    base = net.host("bakery-one.com")
    net.web.page("bakery-one.com", "/")
    owner = make_user(email="first-owner@example.com")
    return make_listing(owner=owner, url=base + "/", name="Bakery One")


@pytest.fixture
def claimant():
    return make_user(email="claimant@example.com", name="Real Owner")


@pytest.mark.parametrize("method", METHODS)
def test_each_method_proves_the_domain_and_moves_ownership(
    net, site, claimant, method, outbox
):
    claim = claims.start_claim(claimant, site, {"method": method})
    publish(net, method, "bakery-one.com", claim.token)
    claim = claims.check_claim(claimant, claim)
    assert (claim.status, claim.last_error) == ("verified", "")
    db.session.refresh(site)
    assert site.owner_id == claimant.id and site.review_tier == 0
    assert claims.verified_owner(site.id)
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "listing.claim")
    )
    assert entry.object_id == site.id and "first-owner@example.com" in entry.detail
    notice = mail_about(outbox, "has a new owner")
    assert notice["To"] == "first-owner@example.com"


@pytest.mark.parametrize("method", METHODS)
def test_a_wrong_token_does_not_prove_anything(net, site, claimant, method):
    claim = claims.start_claim(claimant, site, {"method": method})
    publish(net, method, "bakery-one.com", claim.token[:-4] + "AAAA")
    claim = claims.check_claim(claimant, claim)
    assert claim.status == "open" and "not this claim's token" in claim.last_error
    assert db.session.get(type(site), site.id).owner_id != claimant.id
    assert not claims.verified_owner(site.id)


@pytest.mark.parametrize("method", METHODS)
def test_an_expired_token_does_not_prove_anything(net, site, claimant, method, clock):
    claim = claims.start_claim(claimant, site, {"method": method})
    publish(net, method, "bakery-one.com", claim.token)
    clock.move(days=8)
    claim = claims.check_claim(claimant, claim)
    assert claim.status == "open" and "expired" in claim.last_error
    assert site.owner_id != claimant.id


@pytest.mark.parametrize("method", METHODS)
def test_a_token_for_another_listing_does_not_prove_this_one(
    net, site, claimant, method
):
    other_base = net.host("bakery-two.com")
    other = make_listing(url=other_base + "/", name="Bakery Two")
    other_claim = claims.start_claim(claimant, other, {"method": method})
    claim = claims.start_claim(claimant, site, {"method": method})
    publish(net, method, "bakery-one.com", other_claim.token)
    claim = claims.check_claim(claimant, claim)
    assert claim.status == "open" and "another listing" in claim.last_error


def test_nothing_published_says_where_it_looked(net, site, claimant):
    claim = claims.check_claim(
        claimant, claims.start_claim(claimant, site, {"method": "dns"})
    )
    assert claim.last_error == (
        "No verification token was found in a TXT record on bakery-one.com."
    )


def test_with_review_the_editor_decides_before_ownership_moves(
    net, site, claimant, editor, app, monkeypatch
):
    monkeypatch.setitem(app.config, "CLAIMS_NEED_REVIEW", True)
    claim = claims.start_claim(claimant, site, {"method": "file"})
    publish(net, "file", "bakery-one.com", claim.token)
    claim = claims.check_claim(claimant, claim)
    assert claim.status == "waiting" and site.owner_id != claimant.id
    assert claims.waiting_claims() == [claim]
    claims.review_claim(editor, claim, "approve")
    assert claim.status == "verified" and site.owner_id == claimant.id


@pytest.mark.parametrize("method", METHODS)
def test_a_recheck_after_the_proof_is_removed_marks_it_lost(
    net, site, claimant, method
):
    claim = claims.start_claim(claimant, site, {"method": method})
    publish(net, method, "bakery-one.com", claim.token)
    claims.check_claim(claimant, claim)
    assert claims.recheck_verified() == {"kept": 1, "lost": 0}
    unpublish(net, method, "bakery-one.com")
    assert claims.recheck_verified() == {"kept": 0, "lost": 1}
    assert not claims.verified_owner(site.id)
    assert [w.listing_id for w in claims.lost_verifications()] == [site.id]
    assert db.session.get(type(claim), claim.id).status == "lost"


def test_an_unanswering_site_is_not_taken_as_a_lost_proof(net, site, claimant):
    claim = claims.start_claim(claimant, site, {"method": "meta"})
    publish(net, "meta", "bakery-one.com", claim.token)
    claims.check_claim(claimant, claim)
    net.web.pages[("bakery-one.com", "/")] = (500, {}, b"down")
    assert claims.recheck_verified() == {"kept": 0, "lost": 0}
    assert claims.verified_owner(site.id)


def test_who_may_claim_and_check(net, site, claimant, member):
    pending = make_listing(status="pending", url=net.host("pending.com") + "/")
    with pytest.raises(NotFoundError):
        claims.start_claim(claimant, pending, {"method": "dns"})
    inactive = make_user()
    inactive.active = False
    with pytest.raises(PermissionDenied):
        claims.start_claim(inactive, site, {"method": "dns"})
    claim = claims.start_claim(claimant, site, {"method": "dns"})
    with pytest.raises(NotFoundError):
        claims.get_claim(member, claim.id)
    # restarting gives the same claim a fresh token
    again = claims.start_claim(claimant, site, {"method": "meta"})
    assert again.id == claim.id and again.method == "meta"


def test_the_claim_page_checks_now_and_the_badge_shows(
    net, site, claimant, client, login, editor
):
    login(claimant)
    page = client.get(f"/listings/{site.slug}/claim")
    assert page.status_code == 200 and "Choose a method" in page.get_data(as_text=True)
    assert (
        client.post(f"/listings/{site.slug}/claim", data={"method": "file"}).status_code
        == 302
    )
    claim = claims.current_claim(claimant, site)
    assert claim.token in client.get(f"/listings/{site.slug}/claim").get_data(
        as_text=True
    )
    client.post(f"/claims/{claim.id}/check")
    assert "No verification token" in client.get(
        f"/listings/{site.slug}/claim"
    ).get_data(as_text=True)
    publish(net, "file", "bakery-one.com", claim.token)
    client.post(f"/claims/{claim.id}/check")
    client.get("/auth/logout")
    public = client.get(f"/listings/{site.slug}").get_data(as_text=True)
    assert "Verified owner" in public


def test_editors_see_lost_verifications_in_the_inbox(
    net, site, claimant, client, login, editor
):
    claim = claims.start_claim(claimant, site, {"method": "dns"})
    publish(net, "dns", "bakery-one.com", claim.token)
    claims.check_claim(claimant, claim)
    unpublish(net, "dns", "bakery-one.com")
    claims.recheck_verified()
    login(editor)
    inbox = client.get("/admin/queue").get_data(as_text=True)
    assert "Verified owners whose proof is gone" in inbox and "Bakery One" in inbox
