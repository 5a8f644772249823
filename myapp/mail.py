"""E-mail through the outbox: send() writes a row, the handler delivers it.

send() renders now (the template sees the objects as they are in this
transaction) and stores the text; the worker builds the message and hands
it to MAIL_SERVER by SMTP, or writes it to the MAIL_OUTBOX folder when no
server is set. Its Message-ID comes from the row's idempotency key, so a
message delivered twice (a worker killed after sending) is recognisably one.
"""

import os
import re
import smtplib
import threading
import uuid
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import formatdate

from flask import current_app, render_template

from myapp import outbox
from myapp.outbox.delivery import Delivery, PermanentError

_smtp = threading.local()


def outbox_dir() -> str:
    return current_app.config["MAIL_OUTBOX"] or os.path.join(
        current_app.instance_path, "outbox"
    )


def send(to: str, subject: str, template: str, headers=None, **context):
    """Render `templates/email/<template>.txt` and queue it for `to` (no commit)."""
    payload = {
        "to": to,
        "subject": subject,
        "body": render_template(f"email/{template}.txt", **context),
        "template": template,
        "headers": dict(headers or {}),
    }
    return outbox.enqueue("email", payload)


def message_id(key: str) -> str:
    local = re.sub(r"[^A-Za-z0-9.\-_]", "-", key)
    return f"<{local}@linchpin>"


def build(payload: dict, key: str) -> EmailMessage:
    """The message, or PermanentError when a header cannot be written."""
    try:
        message = EmailMessage()
        message["From"] = (
            payload.get("from") or current_app.config["MAIL_DEFAULT_SENDER"]
        )
        message["To"] = payload["to"]
        message["Subject"] = payload["subject"]
        message["Date"] = formatdate(localtime=False)
        message["Message-ID"] = message_id(key)
        for name, value in payload.get("headers", {}).items():
            message[name] = value
        message.set_content(payload["body"])
        if payload.get("headers"):  # a long List-Unsubscribe URL must stay one token
            message.policy = message.policy.clone(max_line_length=998)
        bytes(message)  # a bad header value may only show when serialised
    except (ValueError, TypeError, KeyError) as exc:
        raise PermanentError(f"The message cannot be built: {exc}") from exc
    return message


def _connection() -> smtplib.SMTP:
    """One SMTP connection per worker thread, kept open for a batch."""
    conn = getattr(_smtp, "conn", None)
    if conn is not None:
        return conn
    config = current_app.config
    conn = smtplib.SMTP(
        config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"]
    )
    if config["MAIL_USE_TLS"]:
        conn.starttls()
    if config["MAIL_USERNAME"]:
        conn.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
    _smtp.conn = conn
    return conn


def close_connection() -> None:
    conn = getattr(_smtp, "conn", None)
    _smtp.conn = None
    if conn is not None:
        try:
            conn.quit()
        except (smtplib.SMTPException, OSError):
            conn.close()


def _smtp_send(message: EmailMessage) -> str:
    try:
        refused = _connection().send_message(message)
    except smtplib.SMTPResponseException as exc:
        close_connection()
        if exc.smtp_code >= 500:
            raise PermanentError(f"SMTP {exc.smtp_code}: {exc.smtp_error!r}") from exc
        raise
    except (smtplib.SMTPException, OSError):
        close_connection()  # a stale kept-open connection: the retry reconnects
        raise
    if refused:
        raise PermanentError(f"Refused recipients: {refused}")
    return f"SMTP {current_app.config['MAIL_SERVER']}"


def _write_file(message: EmailMessage) -> str:
    folder = outbox_dir()
    os.makedirs(folder, exist_ok=True)
    name = f"{datetime.now(UTC):%Y%m%d-%H%M%S-%f}-{uuid.uuid4().hex[:8]}.eml"
    with open(os.path.join(folder, name), "wb") as fh:
        fh.write(bytes(message))
    return f"file {name}"


def deliver(payload: dict, delivery: Delivery) -> str:
    """Outbox handler for kind "email"."""
    message = build(payload, delivery.key)
    if current_app.config["MAIL_SERVER"]:
        return _smtp_send(message)
    return _write_file(message)


outbox.register_handler("email", deliver)
outbox.on_batch_end(close_connection)
