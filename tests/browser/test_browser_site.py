"""Site-wide things a keyboard user relies on: the skip link and visible focus."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# The focused element's outline width and its contrast with what is behind it.
FOCUS_STYLE = """() => {
  const rgb = (c) => c.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map((v) => v / 255)
    .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const el = document.activeElement, style = getComputedStyle(el);
  let behind = el.parentElement;
  while (behind && rgb(getComputedStyle(behind).backgroundColor)[3] === 0) {
    behind = behind.parentElement;
  }
  const back = behind ? getComputedStyle(behind).backgroundColor : "rgb(255,255,255)";
  const [a, b] = [lum(rgb(style.outlineColor)), lum(rgb(back))].sort((x, y) => y - x);
  return {
    name: el.tagName + " " + (el.textContent.trim() || el.name || el.id),
    outline: style.outlineStyle === "none" ? 0 : parseFloat(style.outlineWidth),
    contrast: (a + 0.05) / (b + 0.05),
  };
}"""


def test_keyboard_user_skips_to_the_content(desktop_page):
    page = desktop_page
    page.goto("/auth/login")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    page.keyboard.press("Tab")
    expect(page.get_by_label("E-mail")).to_be_focused()


@pytest.mark.parametrize("path", ["/auth/login", "/auth/register"])
def test_every_tab_stop_shows_where_the_focus_is(desktop_page, path):
    page = desktop_page
    page.goto(path)
    seen = []
    for _ in range(14):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_STYLE)
        seen.append(focus["name"])
        assert focus["outline"] >= 2, f"no visible focus on {focus['name']}"
        assert focus["contrast"] >= 3, f"faint focus on {focus['name']}: {focus}"
    assert any(name.startswith("BUTTON") for name in seen), seen
