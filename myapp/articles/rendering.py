"""Markdown to safe HTML, plain text and excerpts; slugs from titles."""

import html
import re
from dataclasses import dataclass

import nh3
from markdown_it import MarkdownIt

# CommonMark with raw HTML off: `<script>` in a body is text, not markup.
_markdown = MarkdownIt("commonmark", {"html": False})

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "del", "em", "h2", "h3", "h4",
    "h5", "h6", "hr", "img", "li", "ol", "p", "pre", "strong", "ul",
    "picture", "source",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    # images come only from the `images` hook (myapp/media/articles.py)
    "img": {
        "src",
        "alt",
        "title",
        "srcset",
        "sizes",
        "width",
        "height",
        "loading",
        "decoding",
    },
    "source": {"type", "srcset", "sizes"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}
EXCERPT_LENGTH = 300
_BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|pre)>|<br\s*/?>|<hr\s*/?>")
_SPACES = re.compile(r"\s+")


@dataclass
class Rendered:
    html: str
    text: str
    first_paragraph: str


def sanitise(fragment: str) -> str:
    """Keep only allow-listed tags, attributes and URL schemes."""
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener",
    )


def to_text(fragment: str) -> str:
    """Plain text of an HTML fragment, blocks separated by spaces."""
    spaced = _BLOCK_END.sub(lambda m: m.group(0) + " ", fragment)
    return _SPACES.sub(" ", html.unescape(nh3.clean(spaced, tags=set()))).strip()


def _image(self, tokens, idx, options, env) -> str:
    """An image only where `env["images"](src, alt)` gives its HTML; else its alt."""
    token = tokens[idx]
    alt = self.renderInlineAsText(token.children or [], options, env)
    resolve = env.get("images")
    shown = resolve(token.attrGet("src") or "", alt) if resolve else None
    return shown if shown is not None else html.escape(alt)


_markdown.add_render_rule("image", _image)


def render_markdown(source: str, images=None) -> Rendered:
    """Render once on save: sanitised HTML, its text, and its first paragraph.

    `images(src, alt)` returns the HTML of an image Linchpin may show, or None:
    without it, or when it says None, an image is only its alt text.
    """
    # A top-level h1 would compete with the page's own title: shift headings down.
    tokens = _markdown.parse(source)
    for token in tokens:
        if token.type in ("heading_open", "heading_close") and token.tag == "h1":
            token.tag = "h2"
    env = {"images": images}
    rendered = sanitise(_markdown.renderer.render(tokens, _markdown.options, env))
    first = ""
    for index, token in enumerate(tokens):
        if token.type == "paragraph_open" and token.level == 0:
            inline = _markdown.renderer.render(
                [tokens[index + 1]], _markdown.options, env
            )
            first = to_text(sanitise(inline))
            break
    return Rendered(rendered, to_text(rendered), first)


def shorten(text: str, length: int = EXCERPT_LENGTH) -> str:
    """Cut plain text at a word boundary, with an ellipsis when cut."""
    text = _SPACES.sub(" ", text).strip()
    if len(text) <= length:
        return text
    cut = text[: length - 1].rsplit(" ", 1)[0].rstrip(",;:.-")
    return cut + "…"
