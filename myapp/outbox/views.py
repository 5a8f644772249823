"""The admin's outbox page (filter, error, retry, discard) and job status pages."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from marshmallow import ValidationError

from myapp.errors import InvalidInput
from myapp.outbox import admin, bp, jobs
from myapp.outbox.models import STATUS_LABELS, STATUSES
from myapp.outbox.schemas import OutboxQuery
from myapp.policy import authorize


def _query() -> dict:
    try:
        return OutboxQuery().load(
            {k: v for k, v in request.args.items() if v and k in OutboxQuery().fields}
        )
    except ValidationError as err:
        raise InvalidInput(f"Unknown filter: {err.messages}") from err


@bp.get("/admin/outbox")
@login_required
def index():
    """Outbox rows, newest first, by status; the queue's failed jobs when RQ runs."""
    args = _query()
    page = admin.list_messages(
        current_user, args["status"], args["kind"], args["cursor"], limit=50
    )
    failed_jobs = []
    if current_app.config["QUEUE_URL"]:
        from myapp.outbox import rq_queue

        failed_jobs = rq_queue.failed_jobs(current_app)
    return render_template(
        "outbox/index.html",
        page=page,
        status=args["status"],
        kind=args["kind"],
        counts=admin.status_counts(),
        statuses=STATUSES,
        labels=STATUS_LABELS,
        job_types=jobs.job_types_for(current_user),
        failed_jobs=failed_jobs,
    )


@bp.get("/admin/outbox/<id:message_id>")
@login_required
def show(message_id):
    """One row: its payload, tries, error and result."""
    authorize(current_user, "outbox.view")
    return render_template("outbox/show.html", row=admin.get_message(message_id))


@bp.post("/admin/outbox/<id:message_id>/retry")
@login_required
def retry(message_id):
    """Make the row due now."""
    admin.retry_now(current_user, message_id)
    flash(f"Message {message_id} will be tried again now.", "success")
    return redirect(url_for("outbox.index", status=request.form.get("back") or None))


@bp.post("/admin/outbox/<id:message_id>/discard")
@login_required
def discard(message_id):
    """Drop the row; it will not be sent."""
    admin.discard(current_user, message_id)
    flash(f"Message {message_id} discarded.", "success")
    return redirect(url_for("outbox.index", status=request.form.get("back") or None))


@bp.post("/admin/jobs/<job_name>")
@login_required
def start(job_name):
    """Start a job now; its status page answers at once and follows it."""
    row = jobs.start_job(current_user, job_name)
    return redirect(url_for("outbox.job", job_id=row.id), code=303)


@bp.get("/jobs/<id:job_id>")
@login_required
def job(job_id):
    """A job's progress; the page reloads itself until the job is finished."""
    row = jobs.get_job(current_user, job_id)
    return render_template("outbox/job.html", job=row, label=jobs.label_of(row))
