"""Who may do what to which object: every permission rule of Linchpin lives here.

Roles rank visitor < member < author < editor < admin; a rule takes the user
(anonymous users are visitors) and, where it matters, the object.
"""

from myapp.errors import NotFoundError, PermissionDenied

ROLES = ("member", "author", "editor", "admin")
RANK = {"visitor": 0, "member": 1, "author": 2, "editor": 3, "admin": 4}


def role_of(user) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return "visitor"
    return user.role


def at_least(user, role: str) -> bool:
    return RANK[role_of(user)] >= RANK[role]


def owns(user, obj, attribute: str) -> bool:
    if not at_least(user, "member"):
        return False
    from myapp.page_cache.tags import depends_on_reader

    depends_on_reader()  # a page that asks this is not shared with its role
    return getattr(obj, attribute, None) == user.id


def is_confirmed(user) -> bool:
    """A signed-in account whose e-mail address is confirmed (or staff-made)."""
    return at_least(user, "member") and user.email_confirmed_at is not None


def confirmed_member(user, obj=None) -> bool:
    return is_confirmed(user)


class UnconfirmedError(PermissionDenied):
    """Refused until the account's e-mail address is confirmed."""

    title, kind = "E-mail address not confirmed", "unconfirmed"

    def __init__(self):
        super().__init__(
            "Confirm your e-mail address first: open the link we e-mailed you. "
            "Your account page can send it again."
        )


def _article_visible(user, article) -> bool:
    return (
        article.is_public
        or owns(user, article, "author_id")
        or at_least(user, "editor")
    )


def _listing_visible(user, listing) -> bool:
    return (
        listing.is_public or owns(user, listing, "owner_id") or at_least(user, "editor")
    )


def _active_member(user) -> bool:
    """A signed-in member in good standing with a confirmed address: who may
    claim a listing."""
    return is_confirmed(user) and bool(getattr(user, "active", False))


RULES = {
    # accounts
    "account.manage": lambda u, o=None: at_least(u, "member"),
    # what other features need a confirmed address for (reviews, claims, …)
    "act_as_confirmed": confirmed_member,
    "token.create": confirmed_member,
    "users.confirm_resend": lambda u, o=None: at_least(u, "admin"),
    "token.revoke": lambda u, t: owns(u, t, "user_id"),
    "users.manage": lambda u, o=None: at_least(u, "admin"),
    # staff must sign in with a second factor when REQUIRE_2FA_FOR_STAFF is on
    "twofactor.required": lambda u, o=None: at_least(u, "editor"),
    "twofactor.manage": lambda u, o=None: at_least(u, "member"),
    # an admin resets someone else's second factor; their own goes through /account
    "twofactor.reset": lambda u, target: (
        at_least(u, "admin") and getattr(target, "id", None) != u.id
    ),
    "audit.view": lambda u, o=None: at_least(u, "admin"),
    "webhook.manage": lambda u, o=None: at_least(u, "admin"),
    "subscriptions.view_counts": lambda u, o=None: at_least(u, "admin"),
    "admin.enter": lambda u, o=None: at_least(u, "author"),
    "queue.view": lambda u, o=None: at_least(u, "editor"),
    # outbox and jobs: admins see every row; a job's page is its starter's too
    "outbox.view": lambda u, o=None: at_least(u, "admin"),
    "outbox.manage": lambda u, o=None: at_least(u, "admin"),
    "job.view": lambda u, job: (
        at_least(u, "editor")
        or at_least(u, "member")
        and job.payload.get("started_by") == u.id
    ),
    # publishing
    "article.view": _article_visible,
    "article.create": lambda u, o=None: at_least(u, "author"),
    "article.edit": lambda u, a: (
        owns(u, a, "author_id") and at_least(u, "author") or at_least(u, "editor")
    ),
    "article.publish": lambda u, a: (
        owns(u, a, "author_id") and at_least(u, "author") or at_least(u, "editor")
    ),
    "article.delete": lambda u, a: (
        owns(u, a, "author_id") and at_least(u, "author") or at_least(u, "editor")
    ),
    "article.list_all": lambda u, o=None: at_least(u, "editor"),
    "comment.moderate": lambda u, o=None: at_least(u, "editor"),
    # signed-in authors and up skip the moderation queue with their own comments
    "comment.skip_moderation": lambda u, o=None: at_least(u, "author"),
    "comment.view": lambda u, c: (
        c.status == "approved" and c.article.is_public or at_least(u, "editor")
    ),
    # directory
    "listing.view": _listing_visible,
    "listing.submit": confirmed_member,
    "listing.edit": lambda u, lst: owns(u, lst, "owner_id") or at_least(u, "editor"),
    "listing.renew": lambda u, lst: owns(u, lst, "owner_id") or at_least(u, "admin"),
    "listing.review": lambda u, o=None: at_least(u, "editor"),
    # claims: a live listing by any active member, one's own in any state
    "listing.claim": lambda u, lst: (
        _active_member(u) and (lst.is_public or owns(u, lst, "owner_id"))
    ),
    "claim.view": lambda u, c: owns(u, c, "claimant_id") or at_least(u, "editor"),
    "claim.check": lambda u, c: owns(u, c, "claimant_id"),
    "claim.review": lambda u, o=None: at_least(u, "editor"),
    "category.manage": lambda u, o=None: at_least(u, "editor"),
    "plan.manage": lambda u, o=None: at_least(u, "admin"),
    "order.view": lambda u, order: owns(u, order, "user_id") or at_least(u, "admin"),
    "order.list_all": lambda u, o=None: at_least(u, "admin"),
    "order.mark_paid": lambda u, o=None: at_least(u, "admin"),
    "order.cancel": lambda u, o=None: at_least(u, "admin"),
    # pictures: members upload for their listings, authors for their articles
    "media.upload": lambda u, o=None: at_least(u, "member"),
    "media.view": lambda u, m: owns(u, m, "owner_id") or at_least(u, "editor"),
    "media.delete": lambda u, m: owns(u, m, "owner_id") or at_least(u, "editor"),
    # reviews: confirmed members review live listings that are not their own
    "review.create": lambda u, listing: (
        is_confirmed(u) and listing.owner_id != u.id and listing.is_public
    ),
    "review.edit": lambda u, r: owns(u, r, "user_id"),
    "review.delete": lambda u, r: owns(u, r, "user_id") or at_least(u, "editor"),
    "review.view": lambda u, r: (
        r.status == "approved"
        and r.listing.is_public
        or owns(u, r, "user_id")
        or at_least(u, "editor")
    ),
    # the listing's owner answers each published review once
    "review.reply": lambda u, r: (
        is_confirmed(u) and r.listing.owner_id == u.id and r.status == "approved"
    ),
    "review.report": lambda u, r: at_least(u, "member") and r.user_id != u.id,
    "review.moderate": lambda u, o=None: at_least(u, "editor"),
    # signed-in authors and up, as with comments, skip the moderation queue
    "review.skip_moderation": lambda u, o=None: at_least(u, "author"),
    "review.stats": lambda u, listing: (
        owns(u, listing, "owner_id") or at_least(u, "editor")
    ),
    # statistics
    "stats.view": lambda u, o=None: at_least(u, "editor"),
    # authors see the views of their own articles on the dashboard
    "stats.view_own": lambda u, o=None: at_least(u, "author"),
}


# Actions an unconfirmed member is refused with UnconfirmedError, a clear message.
NEEDS_CONFIRMED = {a for a, rule in RULES.items() if rule is confirmed_member} | {
    "review.create",
    "review.reply",
    "listing.claim",
}


def can(user, action: str, obj=None) -> bool:
    """Answer whether `user` may do `action` (to `obj`)."""
    rule = RULES[action]
    return bool(rule(user, obj))


def authorize(user, action: str, obj=None, hide: bool = False) -> None:
    """Raise PermissionDenied (or NotFoundError when `hide`) unless allowed."""
    if not can(user, action, obj):
        if hide:
            raise NotFoundError()
        member = role_of(user) != "visitor"
        if action in NEEDS_CONFIRMED and member and not is_confirmed(user):
            raise UnconfirmedError()
        raise PermissionDenied()


def ensure_visible(user, action: str, obj) -> None:
    """Objects someone may not see answer 404, as if they did not exist."""
    if obj is None or not can(user, action, obj):
        raise NotFoundError()
