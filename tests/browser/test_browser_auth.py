"""Accounts in a real browser: register, sign in and out, remember me, API tokens."""

import re

import pytest
from browser_support import unique_email
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PASSWORD = "a long enough passphrase"


def register(page, name, email, password=PASSWORD):
    page.get_by_label("Your name").fill(name)
    page.get_by_label("E-mail").fill(email)
    page.get_by_label(re.compile("^Password")).fill(password)
    page.get_by_role("button", name="Create account").click()


def sign_out(page):
    page.get_by_role("button", name="Sign out", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Signed out.")
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


def test_visitor_registers_signs_out_and_back_in(device_page, sign_in, check_page):
    page, email = device_page, unique_email("rita")
    page.goto("/")
    check_page(page, "home")
    page.get_by_role("link", name="Sign in").click()
    check_page(page, "sign-in")
    page.get_by_role("link", name="Create an account").click()
    expect(page).to_have_title(re.compile("^Create an account"))
    check_page(page, "register")

    register(page, "Rita Reader", email)
    expect(page).to_have_url(re.compile("/account$"))
    expect(page.get_by_role("status")).to_contain_text("Welcome to Linchpin, Rita")
    expect(page.get_by_text(f"Signed in as Rita Reader ({email})")).to_be_visible()
    check_page(page, "account-welcome")

    sign_out(page)
    check_page(page, "signed-out")
    page.goto("/account")
    expect(page).to_have_url(re.compile("/auth/login"))

    sign_in(page, email, PASSWORD, remember=True)
    expect(page.get_by_role("status")).to_contain_text("Signed in.")
    expect(page.get_by_role("link", name="Account")).to_be_visible()
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert cookies["remember_token"]["httpOnly"]

    # Closing the browser drops the session cookie; "remember me" signs back in.
    page.context.clear_cookies(name="session")
    page.goto("/account")
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()
    sign_out(page)


def test_wrong_password_shows_an_inline_error(
    device_page, live_server, sign_in, check_page
):
    page, user = device_page, live_server.make_user()
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        sign_in(page, user.email, "not the password at all")
    assert answer.value.status == 422
    alert = page.get_by_role("alert")
    expect(alert).to_have_text("Wrong e-mail or password.")
    expect(page.get_by_label("E-mail")).to_have_value(user.email)
    expect(page.get_by_label(re.compile("^Password"))).to_have_value("")
    check_page(page, "sign-in-error")


def test_member_creates_an_api_token_and_sees_it_once(
    device_page, live_server, sign_in, check_page
):
    page, user = device_page, live_server.make_user()
    sign_in(page, user.email, user.password)
    page.get_by_role("link", name="Account").click()
    expect(page.get_by_text("No keys yet.")).to_be_visible()
    check_page(page, "account")

    page.get_by_label("What the key is for").fill("backup script")
    page.get_by_label("write").uncheck()
    page.get_by_role("button", name="Create a key").click()
    token = page.locator(".token-value").inner_text()
    assert len(token) > 20
    expect(page.get_by_role("status").first).to_contain_text("Copy it now")
    row = page.get_by_role("row").filter(has_text="backup script")
    expect(row.get_by_role("cell").nth(2)).to_have_text("only read")
    check_page(page, "account-token-created")

    me = page.request.get(
        f"{live_server.url}/api/v1/me", headers={"Authorization": f"Bearer {token}"}
    )
    assert me.ok and me.json()["email"] == user.email

    page.goto("/account")
    expect(page.get_by_role("cell", name="backup script", exact=True)).to_be_visible()
    expect(page.get_by_role("cell", name=token[:8])).to_be_visible()
    assert token not in page.content()


def test_register_and_sign_in_without_javascript(
    nojs_page, sign_in, check_page, screenshot
):
    page, email = nojs_page, unique_email("nojs")
    page.goto("/auth/register")
    check_page(page, "nojs-register")
    register(page, "Noah Noscript", email)
    expect(page).to_have_url(re.compile("/account$"))
    expect(page.get_by_role("status")).to_contain_text("Welcome to Linchpin, Noah")

    sign_out(page)
    sign_in(page, email, "wrong password, surely")
    expect(page.get_by_role("alert")).to_have_text("Wrong e-mail or password.")
    screenshot(page, "nojs-sign-in-error")
    sign_in(page, email, PASSWORD, remember=True)
    expect(page.get_by_role("status")).to_contain_text("Signed in.")
    page.get_by_role("link", name="Account").click()
    expect(page.get_by_text(f"Signed in as Noah Noscript ({email})")).to_be_visible()
    screenshot(page, "nojs-account")


def test_visitor_resets_a_forgotten_password(
    device_page, live_server, sign_in, check_page
):
    page, user = device_page, live_server.make_user()
    page.goto("/auth/login")
    page.get_by_role("link", name="Forgot your password?").click()
    check_page(page, "reset-request")
    page.get_by_label("E-mail").fill(user.email)
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("status")).to_contain_text("a reset link is on its way")

    (mail,) = live_server.mail_to(user.email)
    link = re.search(r"http://\S+/auth/reset/\S+", mail).group(0)
    page.goto(link)
    check_page(page, "reset-choose")
    page.get_by_label("New password").fill("short")
    page.get_by_role("button", name="Set the password").click()
    expect(page.locator("#password-error")).to_contain_text("10")
    expect(page.get_by_label("New password")).to_have_attribute("aria-invalid", "true")
    check_page(page, "reset-choose-error")
    page.get_by_label("New password").fill("a brand new passphrase")
    page.get_by_role("button", name="Set the password").click()
    expect(page.get_by_role("status")).to_contain_text("Your password has been changed")

    sign_in(page, user.email, "a brand new passphrase")
    expect(page.get_by_role("status")).to_contain_text("Signed in.")
