"""Two-factor sign-in in Chromium: an app enrolled from the shown secret, recovery
codes, and a passkey on Chromium's virtual authenticator (WebAuthn over CDP)."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.twofactor_support import code_at

pytestmark = pytest.mark.browser
CODE = re.compile(r"^Code\b(?! from)")

VIRTUAL_AUTHENTICATOR = {
    "protocol": "ctap2",
    "transport": "internal",
    "hasResidentKey": True,
    "hasUserVerification": True,
    "isUserVerified": True,
    "automaticPresenceSimulation": True,
}


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


def password_step(page, email, password):
    page.goto("/auth/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label(re.compile("^Password")).fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()


def test_member_enrols_an_app_and_signs_in_with_it_and_a_recovery_code(
    desktop_page, live_server, sign_in, check_page
):
    page, user = desktop_page, live_server.make_user()
    sign_in(page, user.email, user.password)
    page.goto("/account")
    page.get_by_role("link", name="Two-factor settings").click()
    expect(page.get_by_role("heading", name="Two-factor sign-in")).to_be_visible()
    page.get_by_role("link", name="Set up an authenticator app").click()
    qr = page.get_by_role("img", name=re.compile("QR code"))
    expect(qr).to_be_visible()
    assert qr.get_attribute("src").startswith("data:image/svg+xml")
    check_page(page, "two-factor-setup")

    secret = page.locator("#totp-secret").inner_text().strip()
    page.get_by_label("Code from the app").fill(code_at(secret))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    codes = page.get_by_role("list", name="Recovery codes").locator("code")
    expect(codes).to_have_count(10)
    recovery = codes.all_inner_texts()
    check_page(page, "two-factor-recovery-codes")
    page.get_by_role("link", name="I have saved them, continue").click()
    expect(page.get_by_text("Recovery codes left: 10 of 10.")).to_be_visible()
    sign_out(page)

    # The password alone now leads to the second step; the app's next code ends it.
    password_step(page, user.email, user.password)
    expect(page).to_have_url(re.compile("/auth/second-factor$"))
    check_page(page, "two-factor-second-step")
    page.get_by_label(CODE).fill(code_at(secret, 1))
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("status")).to_contain_text("Signed in.")
    sign_out(page)

    # A wrong code is refused in place; a recovery code signs in once.
    password_step(page, user.email, user.password)
    page.get_by_label(CODE).fill("000000")
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("alert")).to_contain_text("correct the marked fields")
    expect(page.get_by_text("That code is not right")).to_be_visible()
    page.get_by_label(CODE).fill(recovery[0])
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("status")).to_contain_text("Signed in.")
    page.goto("/account/two-factor")
    expect(page.get_by_text("Recovery codes left: 9 of 10.")).to_be_visible()
    mails = live_server.mail_to(user.email)
    assert any("A recovery code was used to sign in; 9 left." in m for m in mails)


@pytest.fixture
def passkey_page(browser, live_server, monkeypatch):
    """A page on http://localhost:<port> (passkeys need a host name, not an IP)
    with a virtual authenticator attached through the DevTools protocol."""
    port = urlsplit(live_server.url).port
    origin = f"http://localhost:{port}"
    monkeypatch.setitem(live_server.app.config, "WEBAUTHN_RP_ID", "localhost")
    monkeypatch.setitem(live_server.app.config, "WEBAUTHN_ORIGIN", origin)
    context = browser.new_context(base_url=origin, locale="en-GB")
    context.set_default_timeout(5_000)
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator", {"options": VIRTUAL_AUTHENTICATOR}
    )
    page.authenticator = (cdp, added["authenticatorId"])
    yield page
    context.close()
    assert not problems, problems


def stored_credentials(page) -> list[dict]:
    cdp, authenticator_id = page.authenticator
    answer = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})
    return answer["credentials"]


def test_passkey_registered_then_used_with_and_without_a_password(
    passkey_page, live_server, sign_in, screenshot
):
    page, user = passkey_page, live_server.make_user(role="editor")
    sign_in(page, user.email, user.password)
    page.goto("/account/two-factor")
    page.get_by_label("Passkey name").fill("Virtual key")
    page.get_by_role("button", name="Add a passkey").click()
    expect(page.get_by_role("listitem").filter(has_text="Virtual key")).to_be_visible()
    screenshot(page, "two-factor-passkey-added")
    [credential] = stored_credentials(page)
    assert credential["isResidentCredential"] and credential["signCount"] >= 0
    sign_out(page)

    # Password-less: the passkey alone (with user verification) signs in.
    page.goto("/auth/login")
    page.get_by_role("button", name="Use a passkey instead").click()
    expect(page.get_by_role("status")).to_contain_text("Signed in.")
    expect(page.get_by_role("link", name="Admin")).to_be_visible()
    sign_out(page)

    # As a second factor: the password first, then the passkey.
    password_step(page, user.email, user.password)
    expect(page).to_have_url(re.compile("/auth/second-factor$"))
    page.get_by_role("button", name="Use a passkey").click()
    expect(page.get_by_role("status")).to_contain_text("Signed in.")
    page.goto("/account/two-factor")
    expect(
        page.get_by_text(re.compile("Virtual key · added .* last used 20"))
    ).to_be_visible()
    assert stored_credentials(page)[0]["signCount"] >= 2


def test_staff_rule_sends_an_editor_to_set_up_first(
    desktop_page, live_server, monkeypatch
):
    monkeypatch.setitem(live_server.app.config, "REQUIRE_2FA_FOR_STAFF", True)
    page, user = desktop_page, live_server.make_user(role="editor")
    password_step(page, user.email, user.password)
    expect(page).to_have_url(re.compile("/auth/second-factor/setup$"))
    expect(
        page.get_by_text("Staff accounts sign in with a second factor")
    ).to_be_visible()
    secret = page.locator("#totp-secret").inner_text().strip()
    page.get_by_label("Code from the app").fill(code_at(secret))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    expect(page.get_by_role("link", name="Admin")).to_be_visible()
