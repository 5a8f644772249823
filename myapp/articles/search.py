"""Full-text search over articles: SQLite FTS5 or MySQL FULLTEXT, never LIKE.

Whatever people type is reduced to words, and each word becomes a quoted
prefix term bound as a parameter, so quotes, operators, `--` or a lone `*`
are just characters that do not match anything.
"""

import re

from sqlalchemy import ColumnElement, TextClause, false, literal_column, select, text

from myapp.articles.models import Article
from myapp.extensions import db

MAX_TERMS = 8
# Fewer matches than this: a rare word (see matches()).
COMMON = 200
MAX_TERM_LENGTH = 40
# InnoDB indexes no words shorter than innodb_ft_min_token_size (3 by default)
# and none of its default stopwords; a required term it never indexed would
# match nothing, so such words are left out of the MySQL query.
MYSQL_MIN_TERM = 3
MYSQL_STOPWORDS = frozenset({
    "a", "about", "an", "are", "as", "at", "be", "by", "com", "de", "en", "for",
    "from", "how", "i", "in", "is", "it", "la", "of", "on", "or", "that", "the",
    "this", "to", "was", "what", "when", "where", "who", "will", "with", "und",
    "www",
})  # fmt: skip
_WORD = re.compile(r"\w+", re.UNICODE)


def search_terms(query: str | None) -> list[str]:
    """The words of a query: letters and digits only, a few, each bounded."""
    words = [w.lower()[:MAX_TERM_LENGTH] for w in _WORD.findall(query or "")]
    unique = list(dict.fromkeys(w for w in words if w.strip("_")))
    return unique[:MAX_TERMS]


def fts5_query(terms: list[str]) -> str:
    return " ".join(f'"{term}"*' for term in terms)


def mysql_query(terms: list[str]) -> str:
    return " ".join(
        f"+{term}*"
        for term in terms
        if len(term) >= MYSQL_MIN_TERM and term not in MYSQL_STOPWORDS
    )


def matches(query: str | None) -> ColumnElement[bool] | TextClause | None:
    """A WHERE clause for articles matching every word, or None for no words.

    With no words (empty or only punctuation) the caller shows no results.
    """
    terms = search_terms(query)
    if not terms:
        return None
    if db.engine.dialect.name == "mysql":
        boolean = mysql_query(terms)
        if not boolean:
            return literal_column("1") == 0
        return text(
            "MATCH (articles.title, articles.summary, articles.body_text) "
            "AGAINST (:search_terms IN BOOLEAN MODE)"
        ).bindparams(search_terms=boolean)
    matching_ids = (
        select(literal_column("rowid"))
        .select_from(text("articles_fts"))
        .where(
            text("articles_fts MATCH :search_terms").bindparams(
                search_terms=fts5_query(terms)
            )
        )
    )
    # A rare word: its few matches are looked up by id (the index of the
    # newest articles would be walked to the end looking for them). A common
    # one: the newest articles are walked and the first that match kept.
    first = db.session.scalars(matching_ids.limit(COMMON)).all()
    if len(first) < COMMON:
        return Article.id.in_(first) if first else false()
    return Article.id.in_(matching_ids)
