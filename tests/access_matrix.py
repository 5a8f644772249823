"""Who gets what from every route: the table tests/test_access_matrix.py checks.

One row per "endpoint METHOD"; one column per role. "owner" owns the object
in the URL (the article's writer; the listing's, order's or token's member);
"other_member" is a member with objects of their own, not this one. Outcomes:
"ok" (served or acted on: 2xx/3xx, or it reached the action and was refused
as invalid: 400/409/422), "login" (401, or a redirect to sign in or register),
"deny" (403), "hide" (404: the object is not theirs to see).
"""

ROLES = ("visitor", "member", "owner", "other_member", "author", "editor", "admin")


def _row(*outcomes: str) -> dict[str, str]:
    return dict(zip(ROLES, outcomes, strict=True))


PUBLIC = _row("ok", "ok", "ok", "ok", "ok", "ok", "ok")
SIGNED_IN = _row("login", "ok", "ok", "ok", "ok", "ok", "ok")
AUTHORS = _row("login", "deny", "ok", "deny", "ok", "ok", "ok")
EDITORS = _row("login", "deny", "deny", "deny", "deny", "ok", "ok")
ADMINS = _row("login", "deny", "deny", "deny", "deny", "deny", "ok")
OWNER_OR_EDITOR = _row("login", "deny", "ok", "deny", "deny", "ok", "ok")
NO_PENDING_SIGN_IN = _row("login", "login", "login", "login", "login", "login", "login")
OWNER_OR_ADMIN = _row("login", "deny", "ok", "deny", "deny", "deny", "ok")
MEDIA_OWNER = _row("login", "hide", "ok", "hide", "hide", "ok", "ok")
NOBODY = _row("hide", "hide", "hide", "hide", "hide", "hide", "hide")

CLAIMANT = _row("login", "hide", "ok", "hide", "hide", "deny", "deny")
CLAIM_EDITORS = _row("login", "hide", "deny", "hide", "hide", "ok", "ok")
CLAIM_READERS = _row("login", "hide", "ok", "hide", "hide", "ok", "ok")

EXPECTED: dict[str, dict[str, str]] = {
    "api.create_review POST": _row("login", "ok", "deny", "ok", "ok", "ok", "ok"),
    "api.delete_review DELETE": _row("login", "ok", "deny", "deny", "deny", "ok", "ok"),
    "api.get_review GET": _row("ok", "ok", "ok", "ok", "ok", "ok", "ok"),
    "api.list_reviews GET": _row("ok", "ok", "ok", "ok", "ok", "ok", "ok"),
    "api.moderate_reply POST": _row(
        "login", "deny", "deny", "deny", "deny", "ok", "ok"
    ),
    "api.moderate_review POST": _row(
        "login", "deny", "deny", "deny", "deny", "ok", "ok"
    ),
    "api.reply_to_review PUT": _row(
        "login", "deny", "ok", "deny", "deny", "deny", "deny"
    ),
    "api.report_review POST": _row("login", "deny", "ok", "ok", "ok", "ok", "ok"),
    "api.review_summary GET": _row("ok", "ok", "ok", "ok", "ok", "ok", "ok"),
    "api.update_review PATCH": _row(
        "login", "ok", "deny", "deny", "deny", "deny", "deny"
    ),
    "auth.admin_resend_confirmation POST": _row(
        "login", "deny", "deny", "deny", "deny", "deny", "ok"
    ),
    "auth.change_name POST": _row("login", "ok", "ok", "ok", "ok", "ok", "ok"),
    "auth.confirm_email GET": _row("login", "ok", "ok", "ok", "ok", "ok", "ok"),
    "auth.resend_confirmation POST": _row("login", "ok", "ok", "ok", "ok", "ok", "ok"),
    "reviews.create POST": _row("login", "ok", "deny", "ok", "ok", "ok", "ok"),
    "reviews.decide POST": _row("login", "deny", "deny", "deny", "deny", "ok", "ok"),
    "reviews.decide_bulk POST": _row(
        "login", "deny", "deny", "deny", "deny", "ok", "ok"
    ),
    "reviews.delete POST": _row("login", "ok", "deny", "deny", "deny", "ok", "ok"),
    "reviews.edit POST": _row("login", "ok", "deny", "deny", "deny", "deny", "deny"),
    "reviews.reply POST": _row("login", "deny", "ok", "deny", "deny", "deny", "deny"),
    "reviews.report POST": _row("login", "deny", "ok", "ok", "ok", "ok", "ok"),
    # claims and the site watch (the world's claim is the owner's own)
    "directory.claim GET": SIGNED_IN,
    "directory.claim POST": SIGNED_IN,
    "directory.check_claim POST": CLAIMANT,
    "directory.decide_claim POST": CLAIM_EDITORS,
    "directory.answer_suspect POST": EDITORS,
    "api.start_claim POST": SIGNED_IN,
    "api.get_claim GET": CLAIM_READERS,
    "api.check_claim POST": CLAIMANT,
    "api.decide_claim POST": CLAIM_EDITORS,
    "api.get_site_watch GET": EDITORS,
    "api.answer_site_watch POST": EDITORS,
    "admin.queue GET": EDITORS,
    "admin.queue_bulk POST": EDITORS,
    "admin.stats_csv GET": _row("login", "deny", "deny", "deny", "ok", "ok", "ok"),
    "api.get_stats_summary GET": EDITORS,
    "api.get_stats_timeseries GET": EDITORS,
    "core.search GET": PUBLIC,
    "core.sitemap GET": PUBLIC,
    "stats.index GET": PUBLIC,
    "admin.index GET": _row("login", "deny", "deny", "deny", "ok", "ok", "ok"),
    "api.approve_edit POST": EDITORS,
    "api.approve_listing POST": EDITORS,
    "api.cancel_order POST": _row(
        "login", "hide", "deny", "hide", "hide", "hide", "ok"
    ),
    "api.create_article POST": AUTHORS,
    "api.create_category POST": EDITORS,
    "api.create_comment POST": PUBLIC,
    "api.create_listing POST": SIGNED_IN,
    "api.create_token POST": PUBLIC,
    "api.delete_article DELETE": OWNER_OR_EDITOR,
    "api.delete_category DELETE": EDITORS,
    "api.delete_token DELETE": _row(
        "login", "hide", "ok", "hide", "hide", "hide", "hide"
    ),
    "api.get_article GET": PUBLIC,
    "api.get_comment GET": _row("hide", "hide", "hide", "hide", "hide", "ok", "ok"),
    "api.get_listing GET": PUBLIC,
    "api.get_order GET": _row("login", "hide", "ok", "hide", "hide", "hide", "ok"),
    "api.list_articles GET": PUBLIC,
    "api.list_categories GET": PUBLIC,
    "api.list_comments GET": PUBLIC,
    "api.list_listings GET": PUBLIC,
    "api.list_orders GET": SIGNED_IN,
    "api.list_plans GET": PUBLIC,
    "api.mark_order_paid POST": _row(
        "login", "hide", "deny", "hide", "hide", "hide", "ok"
    ),
    "api.me GET": SIGNED_IN,
    "api.moderate_comment PATCH": _row(
        "login", "hide", "hide", "hide", "hide", "ok", "ok"
    ),
    "api.openapi_document GET": PUBLIC,
    "api.payment_webhook POST": PUBLIC,
    "api.reinstate_listing POST": EDITORS,
    "api.reject_edit POST": EDITORS,
    "api.reject_listing POST": EDITORS,
    "api.related_articles GET": PUBLIC,
    "api.renew_listing POST": OWNER_OR_ADMIN,
    "api.suspend_listing POST": EDITORS,
    "api.update_article PATCH": OWNER_OR_EDITOR,
    "api.update_category PATCH": EDITORS,
    "api.update_listing PATCH": OWNER_OR_EDITOR,
    "api.update_plan PATCH": ADMINS,
    "articles.archive POST": OWNER_OR_EDITOR,
    "articles.author GET": PUBLIC,
    "articles.author_feed GET": PUBLIC,
    "articles.delete GET": OWNER_OR_EDITOR,
    "articles.delete POST": OWNER_OR_EDITOR,
    "articles.edit GET": OWNER_OR_EDITOR,
    "articles.edit POST": OWNER_OR_EDITOR,
    "articles.feed GET": PUBLIC,
    "articles.index GET": PUBLIC,
    "articles.manage GET": AUTHORS,
    "articles.new GET": AUTHORS,
    "articles.new POST": AUTHORS,
    "articles.publish POST": OWNER_OR_EDITOR,
    "articles.robots GET": PUBLIC,
    "articles.show GET": PUBLIC,
    "articles.tag GET": PUBLIC,
    "articles.tag_feed GET": PUBLIC,
    "audit.index GET": ADMINS,
    "outbox.index GET": ADMINS,
    "api.list_outbox GET": ADMINS,
    "api.get_outbox_message GET": ADMINS,
    "api.get_job GET": _row("login", "hide", "ok", "hide", "hide", "ok", "ok"),
    "outbox.show GET": ADMINS,
    "outbox.retry POST": ADMINS,
    "outbox.discard POST": ADMINS,
    "outbox.start POST": ADMINS,  # the matrix starts the admins' clean-up job
    "outbox.job GET": _row("login", "hide", "ok", "hide", "hide", "ok", "ok"),
    "auth.account GET": SIGNED_IN,
    "auth.change_password POST": SIGNED_IN,
    "auth.change_email POST": SIGNED_IN,
    "auth.create_token POST": SIGNED_IN,
    "auth.end_sessions POST": SIGNED_IN,
    "auth.login GET": PUBLIC,
    "auth.login POST": PUBLIC,
    "auth.logout POST": PUBLIC,
    "auth.register GET": PUBLIC,
    "auth.register POST": PUBLIC,
    "auth.reset GET": PUBLIC,
    "auth.reset POST": PUBLIC,
    "auth.reset_request GET": PUBLIC,
    "auth.reset_request POST": PUBLIC,
    "auth.revoke_token POST": _row(
        "login", "hide", "ok", "hide", "hide", "hide", "hide"
    ),
    "auth.update_user POST": ADMINS,
    "auth.users GET": ADMINS,
    "comments.create POST": PUBLIC,
    # two-factor: the second step needs a pending sign-in, else back to sign-in
    "twofactor.second_step GET": NO_PENDING_SIGN_IN,
    "twofactor.second_step POST": NO_PENDING_SIGN_IN,
    "twofactor.enrol_required GET": NO_PENDING_SIGN_IN,
    "twofactor.enrol_required POST": NO_PENDING_SIGN_IN,
    "twofactor.settings GET": SIGNED_IN,
    "twofactor.setup_app GET": SIGNED_IN,
    "twofactor.setup_app POST": SIGNED_IN,
    "twofactor.new_recovery_codes POST": SIGNED_IN,
    "twofactor.disable_app POST": SIGNED_IN,
    "twofactor.forget_devices POST": SIGNED_IN,
    "twofactor.confirm GET": SIGNED_IN,
    "twofactor.confirm POST": SIGNED_IN,
    "twofactor.reset_user POST": ADMINS,
    "twofactor.passkey_registration_options POST": SIGNED_IN,
    "twofactor.add_passkey POST": SIGNED_IN,
    "twofactor.delete_passkey POST": _row(
        "login", "hide", "hide", "hide", "hide", "hide", "hide"
    ),
    "twofactor.passkey_sign_in_options POST": PUBLIC,
    "twofactor.passkey_sign_in POST": PUBLIC,
    "comments.moderate GET": EDITORS,
    "comments.moderate_bulk POST": EDITORS,
    "comments.moderate_one POST": EDITORS,
    "core.api_docs GET": PUBLIC,
    "core.healthz GET": PUBLIC,
    "core.readyz GET": PUBLIC,
    "directory.browse GET": EDITORS,
    "directory.bulk POST": EDITORS,
    "directory.categories_index GET": EDITORS,
    "directory.categories_index POST": EDITORS,
    "directory.category GET": PUBLIC,
    "directory.category_feed GET": PUBLIC,
    "directory.category_delete POST": EDITORS,
    "directory.category_edit GET": EDITORS,
    "directory.category_edit POST": EDITORS,
    "directory.decide POST": EDITORS,
    "directory.recheck POST": EDITORS,
    "directory.decide_edit POST": EDITORS,
    "directory.edit GET": OWNER_OR_EDITOR,
    "directory.edit POST": OWNER_OR_EDITOR,
    "directory.go GET": PUBLIC,
    "directory.index GET": PUBLIC,
    "directory.listing_file GET": EDITORS,
    "directory.my_listings GET": SIGNED_IN,
    "directory.my_orders GET": SIGNED_IN,
    "directory.new GET": SIGNED_IN,
    "directory.new POST": SIGNED_IN,
    "directory.order GET": _row("login", "hide", "ok", "hide", "hide", "hide", "ok"),
    "directory.order_cancel POST": ADMINS,
    "directory.order_mark_paid POST": ADMINS,
    "directory.orders_index GET": ADMINS,
    "directory.plan_edit GET": ADMINS,
    "directory.plan_edit POST": ADMINS,
    "directory.plans_index GET": ADMINS,
    "directory.queue GET": EDITORS,
    "directory.renew POST": OWNER_OR_ADMIN,
    "directory.show GET": PUBLIC,
    "directory.upgrade GET": OWNER_OR_ADMIN,
    "directory.upgrade POST": OWNER_OR_ADMIN,
    # webhooks (admins)
    "api.create_webhook POST": ADMINS,
    "api.delete_webhook DELETE": ADMINS,
    "api.get_webhook GET": ADMINS,
    "api.list_webhook_deliveries GET": ADMINS,
    "api.list_webhooks GET": ADMINS,
    "api.rotate_webhook_secret POST": ADMINS,
    "api.test_webhook POST": ADMINS,
    "api.update_webhook PATCH": ADMINS,
    "webhooks.delete POST": ADMINS,
    "webhooks.index GET": ADMINS,
    "webhooks.index POST": ADMINS,
    "webhooks.rotate POST": ADMINS,
    "webhooks.send_test POST": ADMINS,
    "webhooks.show GET": ADMINS,
    "webhooks.show POST": ADMINS,
    # e-mail subscriptions: the signed link is the key (the matrix's is forged)
    "api.subscribe POST": PUBLIC,
    "api.subscription_counts GET": ADMINS,
    "subscriptions.account GET": SIGNED_IN,
    "subscriptions.account POST": SIGNED_IN,
    "subscriptions.confirm GET": PUBLIC,
    "subscriptions.confirm POST": NOBODY,
    "subscriptions.counts GET": ADMINS,
    "subscriptions.manage GET": NOBODY,
    "subscriptions.manage POST": NOBODY,
    "subscriptions.subscribe GET": PUBLIC,
    "subscriptions.subscribe POST": PUBLIC,
    "subscriptions.unsubscribe GET": PUBLIC,
    "subscriptions.unsubscribe POST": PUBLIC,
    # pictures: members upload; an upload is its owner's (and editors')
    "api.upload_media POST": SIGNED_IN,
    "api.list_media GET": SIGNED_IN,
    "api.get_media GET": MEDIA_OWNER,
    "api.delete_media DELETE": MEDIA_OWNER,  # in use: 409
    "api.get_listing_images GET": PUBLIC,
    "api.set_listing_images PUT": OWNER_OR_EDITOR,
    "media.file GET": PUBLIC,
    "media.library GET": SIGNED_IN,
    "media.library POST": SIGNED_IN,
    "media.delete POST": MEDIA_OWNER,
    "media.pictures GET": OWNER_OR_EDITOR,
    "media.pictures POST": OWNER_OR_EDITOR,
    "media.remove POST": EDITORS,
}
