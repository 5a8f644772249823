"""The article page, assembled in one place for its view and for features on top.

Features built on articles (comments) add a part to the page through
`article_page_part`, so articles never imports them: each part gives a
template to include below the article and the context it needs.
"""

from collections.abc import Callable

from flask import render_template

from myapp.articles import queries
from myapp.articles.models import Article
from myapp.seo import pages as seo

PagePart = Callable[[Article], tuple[str, dict]]
_parts: list[PagePart] = []


def article_page_part(part: PagePart) -> PagePart:
    """Register `part(article) -> (template, context)` for every article page."""
    if part not in _parts:
        _parts.append(part)
    return part


def render_article_page(article: Article, **extra) -> str:
    """Render /articles/<slug>: the article, related articles and the parts."""
    context = {
        "article": article,
        "related": queries.related_articles(article),
        "page_meta": seo.article_meta(article),
    }
    templates = []
    for part in _parts:
        template, part_context = part(article)
        templates.append(template)
        context.update(part_context)
    context.update(extra)
    return render_template("articles/show.html", part_templates=templates, **context)
