"""Subscribe, confirm, manage and unsubscribe pages; the member's and admin's views."""

from flask import flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from myapp.directory.catalogue.categories import load_tree
from myapp.extensions import csrf, limiter
from myapp.subscriptions import bp, links, schemas, services
from myapp.subscriptions.models import FREQUENCIES
from myapp.web import form_payload, post_form


def _payload(schema) -> dict:
    payload = form_payload(request.form, schema)
    payload["articles"] = "articles" in request.form
    return payload


def _submit(schema, action):
    """Load the form and call the service: (result, errors)."""
    post = post_form(schema, action, payload=_payload(schema))
    return post.result, post.errors


def _form_page(template, values, errors, **context):
    """A topics form; values are the form's current choices."""
    tree = load_tree()
    return render_template(
        template,
        values=values,
        errors=errors,
        tags=services.all_tags(),
        categories=tree.options(),
        frequencies=FREQUENCIES,
        **context,
    ), 422 if errors else 200


def _posted_values() -> dict:
    return {
        "email": request.form.get("email", ""),
        "frequency": request.form.get("frequency", "weekly"),
        "articles": "articles" in request.form,
        "tags": request.form.getlist("tags"),
        "categories": [
            int(c) for c in request.form.getlist("categories") if c.isdigit()
        ],
    }


@bp.route("/subscribe", methods=["GET", "POST"])
@limiter.limit(services.subscribe_rate_limit, methods=["POST"])
def subscribe():
    """Follow new articles, tags or categories by e-mail; confirmed by a click."""
    errors = {}
    if request.method == "POST":
        done, errors = _submit(
            schemas.SubscribeIn(), lambda data: services.subscribe(current_user, data)
        )
        if done:
            return render_template("subscriptions/check_inbox.html", detail=done)
        values = _posted_values()
    else:
        tag, category = request.args.get("tag"), request.args.get("category", "")
        email = current_user.email if current_user.is_authenticated else ""
        values = {
            "email": email,
            "frequency": "weekly",
            "articles": not (tag or category),
            "tags": [tag] if tag else [],
            "categories": [int(category)] if category.isdigit() else [],
        }
    return _form_page("subscriptions/subscribe.html", values, errors)


@bp.route("/subscriptions/confirm/<token>", methods=["GET", "POST"])
def confirm(token):
    """A button, not the link itself: mail scanners follow links, people click."""
    if request.method == "POST":
        subscriber = services.confirm(token)
        target = url_for(
            "subscriptions.manage", token=links.token(subscriber), confirmed=1
        )
        return redirect(target)
    return render_template("subscriptions/confirm.html", token=token)


@bp.route("/subscriptions/manage/<token>", methods=["GET", "POST"])
def manage(token):
    """Change what one address receives, from the link in any of its e-mails."""
    return _manage(
        services.from_token(token), url_for("subscriptions.manage", token=token)
    )


def _manage(subscriber, here: str):
    errors = {}
    if request.method == "POST":
        saved, errors = _submit(
            schemas.TopicsIn(), lambda data: services.update_topics(subscriber, data)
        )
        if saved:
            flash("Your subscriptions are saved.", "success")
            return redirect(here)
    values = _posted_values() if errors else services.choices(subscriber)
    response = make_response(
        _form_page(
            "subscriptions/manage.html",
            values,
            errors,
            subscriber=subscriber,
            action=here,
            unsubscribe_url=url_for(
                "subscriptions.unsubscribe", token=links.token(subscriber)
            ),
            confirmed=request.args.get("confirmed"),
        )
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/subscriptions/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058: the mail client POSTs with no session; the token is the key
def unsubscribe(token):
    """GET asks; POST (a click here, or the mail client's one-click) removes all."""
    if request.method == "GET":
        return render_template("subscriptions/unsubscribe.html", token=token)
    removed = services.unsubscribe(token)
    if request.form.get("List-Unsubscribe") == "One-Click":
        return "Unsubscribed.\n", 200, {"Content-Type": "text/plain; charset=utf-8"}
    return render_template("subscriptions/unsubscribed.html", removed=removed)


@bp.route("/account/subscriptions", methods=["GET", "POST"])
@login_required
def account():
    """A member's own subscriptions, without the e-mailed link."""
    subscriber = services.for_user(current_user)
    if subscriber is None:
        return redirect(url_for("subscriptions.subscribe"))
    return _manage(subscriber, url_for("subscriptions.account"))


@bp.get("/admin/subscriptions")
@login_required
def counts():
    """How many readers follow what (admins)."""
    return render_template(
        "subscriptions/counts.html", counts=services.counts(current_user)
    )
