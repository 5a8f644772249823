"""Security notices: the owner hears of each new device and each security change.

A stolen password or session shows itself this way: the real owner gets an
e-mail for every sign-in from an unknown browser and every change of
password, e-mail, second factor or API tokens.
"""

from myapp import mail

SUBJECTS = {
    "new_device": "New sign-in to your Linchpin account",
    "password": "Your Linchpin password was changed",
    "email": "The e-mail address of your Linchpin account was changed",
    "second_factor": "Two-factor sign-in changed on your Linchpin account",
    "api_token": "API tokens of your Linchpin account changed",
}


def notify(user, kind: str, detail: str, to: str | None = None) -> None:
    """E-mail `user` (or `to`, e.g. the old address) what changed."""
    mail.send(
        to or user.email,
        SUBJECTS[kind],
        "security_notice",
        user=user,
        kind=kind,
        detail=detail,
    )
