"""`flask articles …` commands for operators."""

from myapp.articles import bp
from myapp.articles.demo import rebuild_related


@bp.cli.command("rebuild-related")
def rebuild_related_command():
    """Recompute every article's related articles (after bulk imports)."""
    rebuild_related()
