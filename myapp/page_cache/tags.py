"""Tags both ways: what a page shows, collected while it renders, and what a
commit changed, collected from the session's flushes and statements."""

from flask import current_app, g, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from myapp.page_cache import rules

_PENDING = "page_cache_tags"  # session.info: tags of this transaction's writes


def rendering():
    """The render being recorded for the cache, or None."""
    return g.get("page_cache_render") if has_app_context() else None


def depends_on_reader() -> None:
    """The page being rendered shows something only this reader may see or do
    (a rule looked at who they are, not only their role): never share it."""
    render = rendering()
    if render is not None:
        render.readers_own = True


def shows(*tags: str) -> None:
    """Declare that the page being rendered shows what these tags stand for.

    List queries call this (`index:articles`): a row loaded through the ORM
    tags the page by itself, but a new row that now belongs in the list does not.
    """
    render = rendering()
    if render is not None:
        render.tags.update(tags)


def until(moment) -> None:
    """The page being rendered changes by the clock at `moment` (naive UTC):
    its entry goes then, if not before (a listing's next opening or closing)."""
    render = rendering()
    if render is not None and moment is not None:
        render.until = moment if render.until is None else min(render.until, moment)


def touch(session: Session, *tags: str) -> None:
    """Invalidate these tags when the session's transaction commits."""
    session.info.setdefault(_PENDING, set()).update(tags)


def _loaded(obj, *_args) -> None:
    render = rendering()
    if render is not None:
        tag = rules.tag_of_shown(obj)
        if tag:
            render.tags.add(tag)


def _after_flush(session, _context) -> None:
    tags = set()
    for kind, objects in (
        ("new", session.new),
        ("dirty", session.dirty),
        ("deleted", session.deleted),
    ):
        for obj in objects:
            tags |= rules.tags_for_change(obj, kind)
    if tags:
        touch(session, *tags)


def _on_execute(state) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    option = state.execution_options.get("page_cache")
    if option == "keep":
        return
    if isinstance(option, (set, frozenset, tuple, list)):
        touch(state.session, *option)
        return
    mapper = state.bind_mapper
    if mapper is not None and getattr(mapper.class_, "page_cache_neutral", False):
        return
    table = getattr(getattr(state.statement, "table", None), "name", None)
    touch(state.session, *rules.STATEMENT_TAGS.get(table, {"*"}))


def _after_commit(session) -> None:
    tags = session.info.pop(_PENDING, None)
    if tags and has_app_context():
        cache = current_app.extensions.get("page_cache")
        if cache is not None:
            cache.invalidate(tags)


def _after_rollback(session) -> None:
    session.info.pop(_PENDING, None)


def listen(model_base) -> None:
    """Install the listeners once per process (they look up each app's cache)."""
    if event.contains(Session, "after_commit", _after_commit):
        return
    event.listen(model_base, "load", _loaded, propagate=True)
    event.listen(model_base, "refresh", _loaded, propagate=True)
    event.listen(Session, "after_flush", _after_flush)
    event.listen(Session, "do_orm_execute", _on_execute)
    event.listen(Session, "after_commit", _after_commit)
    event.listen(Session, "after_rollback", _after_rollback)
