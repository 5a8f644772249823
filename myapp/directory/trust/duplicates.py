"""Duplicates at the door: the same registrable domain, the same phone number,
or a very similar name in the same city as a listing already filed.

Each listing's keys live in listing_match_keys (indexed), so a submission asks
three indexed questions however large the directory is. Hints never refuse a
submission on their own (the exact-URL rule in field_rules does that); the
form asks the member first, and every hint is kept for the editors.
"""

import difflib
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

import phonenumbers
from sqlalchemy import select

from myapp.directory.models import REJECTED, Listing
from myapp.directory.trust.domains import registrable_domain
from myapp.directory.trust.models import DuplicateHint, MatchKey
from myapp.errors import ConflictError
from myapp.extensions import db
from myapp.schemas import Extended

KEY_COLUMNS = ("url", "phone", "city", "name", "country")
NAME_SIMILARITY = 0.85  # difflib ratio of the normalised names
CITY_CANDIDATES = 500  # names compared per city, at most
FILLER = {"the", "and", "ltd", "limited", "llc", "inc", "gmbh", "sarl", "sas", "co"}
# Country names the address form may hold → the region phone numbers are read in.
REGIONS = {
    "austria": "AT", "belgium": "BE", "canada": "CA", "denmark": "DK",
    "deutschland": "DE", "england": "GB", "espana": "ES", "france": "FR",
    "germany": "DE", "great britain": "GB", "ireland": "IE", "italia": "IT",
    "italy": "IT", "nederland": "NL", "netherlands": "NL", "norway": "NO",
    "poland": "PL", "portugal": "PT", "scotland": "GB", "spain": "ES",
    "sweden": "SE", "switzerland": "CH", "schweiz": "CH", "suisse": "CH",
    "uk": "GB", "united kingdom": "GB", "united states": "US", "usa": "US",
    "wales": "GB",
}  # fmt: skip


@dataclass(frozen=True)
class Hint:
    listing: Listing
    reason: str  # domain | phone | name


class LooksLikeDuplicate(ConflictError):
    """The form's question: is this one of these listings?"""

    def __init__(self, hints: list[Hint], viewer_id: int | None):
        self.hints = hints
        named = [h.listing.name for h in hints if shown_to(h.listing, viewer_id)]
        what = f"“{named[0]}”" if named else "a listing already in the directory"
        super().__init__(
            f"This looks like {what}. If it is yours, claim it instead; if it is "
            "another business, say how in a note and submit again.",
            field="duplicate_note",
        )


def shown_to(listing: Listing, viewer_id: int | None) -> bool:
    """A match is named only if it is live or the viewer's own."""
    return listing.is_public or listing.owner_id == viewer_id


def _plain(text: str | None) -> str:
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore")
    return " ".join(re.findall(r"[a-z0-9]+", text.decode().lower()))


def normal_name(name: str) -> str:
    return " ".join(w for w in _plain(name).split() if w not in FILLER)[:120]


def region_of(country: str | None) -> str | None:
    plain = _plain(country)
    if len(plain) == 2:
        return plain.upper()
    return REGIONS.get(plain)


def normal_phone(phone: str | None, country: str | None) -> str | None:
    """E.164 ("+33142685300"), or None when it is not a valid number."""
    if not phone:
        return None
    try:
        number = phonenumbers.parse(phone, region_of(country))
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def keys_of(values: dict) -> dict:
    """The match keys of listing column values."""
    url = (values.get("url") or "").strip().lower()
    return {
        "domain": registrable_domain(url) or (urlsplit(url).hostname or "")[:253],
        "phone": normal_phone(values.get("phone"), values.get("country")),
        "city": _plain(values.get("city"))[:100] or None,
        "name": normal_name(values.get("name") or ""),
    }


def find_duplicates(values: dict, exclude_id: int | None = None) -> list[Hint]:
    """Listings (not rejected) that look like these column values, best first."""
    keys = keys_of(values)
    found: dict[int, str] = {}
    for reason, column in (("domain", MatchKey.domain), ("phone", MatchKey.phone)):
        if keys[reason]:
            for listing_id in _ids(column == keys[reason], exclude_id):
                found.setdefault(listing_id, reason)
    if keys["city"] and keys["name"]:
        rows = db.session.execute(
            select(MatchKey.listing_id, MatchKey.name)
            .where(MatchKey.city == keys["city"])
            .limit(CITY_CANDIDATES)
        )
        for listing_id, name in rows:
            if listing_id != exclude_id and _similar(keys["name"], name):
                found.setdefault(listing_id, "name")
    if not found:
        return []
    listings = db.session.scalars(
        select(Listing).where(Listing.id.in_(found), Listing.status != REJECTED)
    )
    return [Hint(listing, found[listing.id]) for listing in listings][:5]


def _similar(a: str, b: str) -> bool:
    """difflib's ratio, after its cheap upper bounds (most names fail those)."""
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return (
        matcher.real_quick_ratio() >= NAME_SIMILARITY
        and matcher.quick_ratio() >= NAME_SIMILARITY
        and matcher.ratio() >= NAME_SIMILARITY
    )


def _ids(condition, exclude_id) -> list[int]:
    stmt = select(MatchKey.listing_id).where(condition).limit(20)
    return [i for i in db.session.scalars(stmt) if i != exclude_id]


def remember(listing: Listing) -> None:
    """Keep the listing's match keys current (after a submission or an edit)."""
    keys = keys_of({c: getattr(listing, c) for c in KEY_COLUMNS})
    row = db.session.get(MatchKey, listing.id)
    if row is None:
        db.session.add(MatchKey(listing_id=listing.id, **keys))
        return
    for key, value in keys.items():
        setattr(row, key, value)


def store_hints(listing: Listing, hints: list[Hint], note: str = "") -> None:
    for hint in hints:
        db.session.add(
            DuplicateHint(
                listing_id=listing.id,
                other_id=hint.listing.id,
                reason=hint.reason,
                note=(note or "")[:500],
            )
        )


def hints_shown(listing_id: int, viewer_id: int | None) -> list[Extended]:
    """The hints as a member sees them: a match's name only where it may."""
    return [
        Extended(h, name=h.other.name if shown_to(h.other, viewer_id) else None)
        for h in hints_for(listing_id)
    ]


def hints_for(listing_id: int) -> list[DuplicateHint]:
    """The hints kept for a listing (the editors' queue, the API's answer)."""
    return db.session.scalars(
        select(DuplicateHint)
        .where(DuplicateHint.listing_id == listing_id)
        .order_by(DuplicateHint.id)
    ).all()
