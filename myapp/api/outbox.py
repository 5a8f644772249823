"""Outbox API: read rows (admins) and follow a job's progress (its starter too)."""

from myapp.api import bp
from myapp.api.auth import BEARER, api_user, requires, token_required
from myapp.outbox import admin, jobs
from myapp.outbox.schemas import JobOut, OutboxMessageOut, OutboxPage, OutboxQuery
from myapp.policy import authorize


@bp.get("/outbox")
@token_required
@requires("outbox.view")
@bp.arguments(OutboxQuery, location="query")
@bp.response(200, OutboxPage)
@bp.alt_response(403, description="Admins only.")
@bp.doc(security=BEARER)
def list_outbox(args):
    """Outbox rows, newest first; filter by `status` and `kind`."""
    return admin.list_messages(
        api_user(), args["status"], args["kind"], args["cursor"], args["limit"]
    )


@bp.get("/outbox/<id:message_id>")
@token_required
@requires("outbox.view")
@bp.response(200, OutboxMessageOut)
@bp.alt_response(403, description="Admins only.")
@bp.doc(security=BEARER)
def get_outbox_message(message_id):
    """One outbox row with its tries, last error and result."""
    authorize(api_user(), "outbox.view")
    return admin.get_message(message_id)


@bp.get("/jobs/<id:job_id>")
@token_required
@bp.response(200, JobOut)
@bp.alt_response(404, description="No such job, or not yours to see.")
@bp.doc(security=BEARER)
def get_job(job_id):
    """A job's status and progress, as its page shows them."""
    return jobs.get_job(api_user(), job_id)
