"""Every route × every role against tests/access_matrix.py; a new route needs a row."""

import os

import pytest

from tests.access_matrix import EXPECTED, ROLES
from tests.access_world import acting_user, make_world, url_values

BODIES = {
    "api.create_review": {"rating": 4, "body": "A" * 40},
    "api.update_review": {"rating": 3},
    "api.reply_to_review": {"body": "Thank you for coming."},
    "api.report_review": {"reason": "Not a real visit."},
    "api.moderate_review": {"action": "approve"},
    "api.moderate_reply": {"action": "approve"},
    "api.create_article": {"title": "Matrix", "body": "Matrix body."},
    "api.create_comment": {
        "author_name": "Mat",
        "author_email": "mat@example.com",
        "body": "A comment.",
    },
    "api.moderate_comment": {"status": "approved"},
    "api.create_category": {"name": "Matrix child"},
    "api.reject_listing": {"reason": "Not a fit for the directory."},
    "api.suspend_listing": {"reason": "The site shows malware."},
    "api.reject_edit": {"reason": "Not a fit for the directory."},
    "api.mark_order_paid": {"note": "bank transfer"},
    "api.cancel_order": {"reason": "never paid"},
    "api.update_plan": {},
    "api.update_listing": {"description": "Changed by the matrix test run."},
    "api.update_article": {"summary": "Changed by the matrix."},
    "api.create_webhook": {"url": "http://127.0.0.1:9/m", "events": ["order.paid"]},
    "api.update_webhook": {},
    "api.set_listing_images": {"images": []},
    "api.start_claim": {"method": "dns"},
    "api.decide_claim": {"action": "refuse"},
    "api.answer_site_watch": {"answer": "fine"},
}
SKIP = {"static"}
# Actions that remove or change the objects (or the session) later rows rely on.
CHANGES_THE_WORLD = {
    "api.delete_review DELETE",
    "api.update_review PATCH",
    "api.report_review POST",
    "api.moderate_review POST",
    "api.moderate_reply POST",
    "api.reply_to_review PUT",
    "reviews.delete POST",
    "reviews.decide POST",
    "reviews.decide_bulk POST",
    "auth.change_name POST",
    "api.delete_article DELETE",
    "api.delete_category DELETE",
    "api.delete_token DELETE",
    "api.update_plan PATCH",
    "api.approve_listing POST",
    "api.reject_listing POST",
    "api.suspend_listing POST",
    "api.reinstate_listing POST",
    "api.approve_edit POST",
    "api.reject_edit POST",
    "api.mark_order_paid POST",
    "api.cancel_order POST",
    "api.moderate_comment PATCH",
    "comments.moderate_one POST",
    "directory.decide POST",
    "directory.decide_edit POST",
    "directory.order_mark_paid POST",
    "directory.order_cancel POST",
    "articles.archive POST",
    "articles.delete POST",
    "auth.change_password POST",
    "auth.logout POST",
    "auth.end_sessions POST",
    "auth.revoke_token POST",
    "auth.update_user POST",
    "directory.category_delete POST",
    "directory.plan_edit POST",
    "api.delete_webhook DELETE",
    "api.rotate_webhook_secret POST",
    "webhooks.delete POST",
    "webhooks.rotate POST",
    "subscriptions.unsubscribe POST",
    "outbox.retry POST",
    "outbox.discard POST",
    "api.set_listing_images PUT",
    "media.pictures POST",
    "media.remove POST",
}


def routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SKIP:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield f"{rule.endpoint} {method}", rule


def outcome(response) -> str:
    status, location = response.status_code, response.headers.get("Location", "")
    assert status < 500, response.get_data(as_text=True)[:500]
    if status == 401 or (
        status == 302 and location.startswith(("/auth/login", "/auth/register"))
    ):
        return "login"
    return {403: "deny", 404: "hide", 410: "hide"}.get(status, "ok")


def call(app, api, login, world, clients, key, rule, role):
    endpoint, method = key.split()
    path = rule.build(url_values(world, endpoint, rule.arguments))[1]
    user = acting_user(world, role, endpoint)
    kind = "api" if endpoint.startswith("api.") else "html"
    slot = (kind, user.id if user else None)
    if slot not in clients:  # one signed-in client per user and world
        if kind == "api":
            clients[slot] = api(user) if user else api()
        else:
            clients[slot] = app.test_client()
            if user is not None:
                login(user, on=clients[slot])
    client = clients[slot]
    if kind == "api":
        body = BODIES.get(endpoint, {})
        kwargs = {"json": body} if method in ("POST", "PATCH", "PUT") else {}
        return client.open(method, path, **kwargs)
    return client.open(path, method=method, data={})


def test_every_route_has_a_row(app):
    missing = sorted({key for key, _ in routes(app)} - set(EXPECTED))
    assert not missing, f"routes without a row in tests/access_matrix.py: {missing}"
    stale = sorted(set(EXPECTED) - {key for key, _ in routes(app)})
    assert not stale, f"rows for routes that no longer exist: {stale}"


# About 700 requests and a dozen fresh object sets: slow on a busy MariaDB.
@pytest.mark.timeout(900)
def test_every_route_answers_every_role_as_the_table_says(app, api, login):
    observed, mismatches = {}, []
    world, clients = make_world(), {}
    for key, rule in sorted(routes(app), key=lambda item: item[0]):
        observed[key] = {}
        for role in ROLES:
            response = call(app, api, login, world, clients, key, rule, role)
            observed[key][role] = outcome(response)
            if observed[key][role] != EXPECTED.get(key, {}).get(role):
                mismatches.append((key, role, response.status_code))
            if key in CHANGES_THE_WORLD and response.status_code < 400:
                world, clients = make_world(), {}  # start afresh
    if os.environ.get("ACCESS_MATRIX_DUMP"):
        with open(os.environ["ACCESS_MATRIX_DUMP"], "w") as fh:
            for key, row in observed.items():
                fh.write(f"    {key!r}: {row!r},\n")
    assert not mismatches, mismatches
    print(f"access matrix: {len(observed)} routes × {len(ROLES)} roles")
