"""Send e-mail by SMTP, or write it to the outbox folder when no server is set."""

import os
import smtplib
import uuid
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app, render_template


def outbox_dir() -> str:
    return current_app.config["MAIL_OUTBOX"] or os.path.join(
        current_app.instance_path, "outbox"
    )


def send(to: str, subject: str, template: str, **context) -> EmailMessage:
    """Render `templates/email/<template>.txt` and deliver it to `to`."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_DEFAULT_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="linchpin")
    message.set_content(render_template(f"email/{template}.txt", **context))
    if config["MAIL_SERVER"]:
        with smtplib.SMTP(
            config["MAIL_SERVER"], config["MAIL_PORT"], timeout=15
        ) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
            smtp.send_message(message)
    else:
        folder = outbox_dir()
        os.makedirs(folder, exist_ok=True)
        name = f"{datetime.now(UTC):%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:8]}.eml"
        with open(os.path.join(folder, name), "wb") as fh:
            fh.write(bytes(message))
    return message
