"""Which pages a changed row is on: one rule per table, in one place.

A rule gets the row, how it changed ("new", "dirty" or "deleted") and, when
dirty, the names of the attributes that changed; it returns the tags of the
pages that must be rendered again. Tables with no rule move `*` (every page):
a new table is safe before anyone thinks about it, and fast once it has a rule.
A model no public page shows can say so itself: `page_cache_neutral = True`
(rows and statements on it then move nothing). What a page shows is tagged the
other way round (`SHOWN_AS`, `shows()`).
"""

from sqlalchemy import inspect

# Rows no public page shows: writing them invalidates nothing.
NEUTRAL = {
    "api_tokens",
    "audit_entries",
    "daily_counts",
    "duplicate_hints",
    "listing_claims",
    "listing_events",
    "listing_match_keys",
    "listing_notices",
    "listing_revisions",
    "listing_words",  # rewritten with its listing, whose change moves the tags
    # an upload shows only through a listing's or article's image row (below);
    # one in use cannot be deleted, and its files never change
    "media_files",
    "orders",
    "outbox_messages",
    "passkeys",
    "payment_events",
    "recovery_codes",
    "review_reports",
    "sign_in_devices",
    "sign_in_failures",
    "subscribers",
    "subscriptions",
    "totp_factors",
    "user_sessions",
    "webhook_deliveries",
    "webhook_endpoints",
}
# Rows whose pages are tagged by one tag for them all (or by their owner).
SHOWN_AS = {
    "categories": "directory-tree",
    "plans": "plans",
    "comments": None,  # shown in its article's thread: `thread:<article id>`
    "related_articles": None,
    "listing_images": None,  # pages show them with their listing: `listings:<id>`
    "article_images": None,  # and their article: `articles:<id>`
    # shown on their listing's page and cards, tagged `listings:<listing id>`
    "reviews": None,
    "review_replies": None,
}


def before(obj, key: str):
    """The value an attribute had before this flush (the current one if unchanged)."""
    history = inspect(obj).attrs[key].history
    return history.deleted[0] if history.deleted else getattr(obj, key)


def _article(obj, kind: str, changed: set) -> set:
    tags = {f"articles:{obj.id}"}
    published = "published" in (obj.status, before(obj, "status"))
    if not published:  # a draft before and after: on no public page
        return tags
    tags.add("sitemap")
    if kind != "dirty" or changed & {"status", "published_at", "author_id", "slug"}:
        tags.add("index:articles")
    if kind != "dirty" or changed & {"title", "body", "summary", "status"}:
        tags.add("search")
    if kind != "dirty" or "tags" in changed:
        history = inspect(obj).attrs["tags"].history
        tags |= {f"tags:{t.id}" for t in (*history.added, *history.deleted)}
        tags |= {f"tags:{t.id}" for t in history.unchanged if kind != "dirty"}
    return tags


def _comment(obj, kind: str, changed: set) -> set:
    statuses = {obj.status, before(obj, "status")}
    return {f"thread:{obj.article_id}"} if "approved" in statuses else set()


def _review(obj, kind: str, changed: set) -> set:
    """A published review (or reply), or one leaving publication, moves its
    listing's page and the cards that show its rating; others move nothing."""
    statuses = {obj.status, before(obj, "status")}
    return {f"listings:{obj.listing_id}"} if "approved" in statuses else set()


def _user(obj, kind: str, changed: set) -> set:
    if kind == "new":
        return set()  # nobody's page shows a new account
    if kind == "deleted" or "active" in changed:
        return {f"users:{obj.id}", "index:articles"}
    return {f"users:{obj.id}"} if "name" in changed else set()


def _tag(obj, kind: str, changed: set) -> set:
    return set() if kind == "new" else {f"tags:{obj.id}", "index:articles"}


LISTED = {"status", "expires_at", "category_id", "plan_id", "featured", "slug"}
# Shown by the directory's filters ("open now", city, country).
FILTERED = {"hours", "time_zone", "city", "country"}


def _listing(obj, kind: str, changed: set) -> set:
    if "approved" not in (obj.status, before(obj, "status")):
        return set()  # pending, rejected or suspended before and after
    tags = {f"listings:{obj.id}", "sitemap"}
    if kind != "dirty" or changed & (LISTED | FILTERED):
        tags |= {"index:listings", "directory-tree", "search"}
    if changed & {"name", "description"}:
        tags.add("search")
    return tags


def _listing_hour(obj, kind: str, changed: set) -> set:
    """Rows behind "open now" (written with their listing, which moves its page)."""
    return {f"listings:{obj.listing_id}", "index:listings"}


VERIFIED = {"verified_at", "verification_lost_at", "verified_claim_id"}


def _site_watch(obj, kind: str, changed: set) -> set:
    """Only the "Verified owner" badge is public; the watch's evidence is not."""
    if kind == "dirty" and not changed & VERIFIED:
        return set()
    return {f"listings:{obj.listing_id}"}


def _category(obj, kind: str, changed: set) -> set:
    return {"directory-tree", "index:listings", "sitemap"}


def _plan(obj, kind: str, changed: set) -> set:
    return {"plans", "index:listings"}


def _listing_image(obj, kind: str, changed: set) -> set:
    return {f"listings:{obj.listing_id}"}  # every page showing the listing


def _article_image(obj, kind: str, changed: set) -> set:
    return {f"articles:{obj.article_id}"}


RULES = {
    "listing_images": _listing_image,
    "article_images": _article_image,
    "articles": _article,
    "comments": _comment,
    "reviews": _review,
    "review_replies": _review,
    "users": _user,
    "tags": _tag,
    "listings": _listing,
    "listing_hours": _listing_hour,
    "site_watches": _site_watch,
    "categories": _category,
    "plans": _plan,
}
# Statements (UPDATE … WHERE, bulk INSERT) on these tables move these tags;
# other tables' statements move `*` unless they say `page_cache="keep"`.
STATEMENT_TAGS = {
    "categories": {"directory-tree", "index:listings"},
    "listing_hours": {"index:listings"},
    **{table: set() for table in NEUTRAL},
}


def tags_for_change(obj, kind: str) -> set:
    """The tags a new, changed or deleted row moves."""
    if getattr(obj, "page_cache_neutral", False):
        return set()
    table = getattr(obj, "__tablename__", None)
    if table in NEUTRAL:
        return set()
    changed: set = set()
    if kind == "dirty":
        state = inspect(obj)
        changed = {a.key for a in state.attrs if a.history.has_changes()}
        if not changed:
            return set()
    rule = RULES.get(table)
    if rule is None:
        return {"*"}
    try:
        return rule(obj, kind, changed)
    except Exception:  # an attribute that cannot be read now: assume the worst
        return {"*"}


def tag_of_shown(obj) -> str | None:
    """The tag a page gets for showing this loaded row."""
    table = getattr(obj, "__tablename__", None)
    if table in SHOWN_AS:
        return SHOWN_AS[table]
    if table in NEUTRAL:
        return None
    return f"{table}:{inspect(obj).identity[0]}"
