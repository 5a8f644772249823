"""Extension instances, created here and bound to the app in init_app."""

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from myapp import limiter_storage  # noqa: F401 - registers the locked memory://

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address)


def init_app(app) -> None:
    db.init_app(app)
    migrate.init_app(app, db, render_as_batch=True, compare_type=True)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    login_manager.blueprint_login_views = {"api": None}
    csrf.init_app(app)
    limiter.init_app(app)


def skip_rate_limits_when(predicate, app=None) -> None:
    """Skip every limit check for requests the predicate picks (see web.py).

    With `app`, the predicate is also asked before the limiter's per-request
    hook runs at all: the hook would resolve the view's name and its limits
    before consulting the filter, work wasted on every page read.
    """
    if predicate not in limiter._request_filters:
        limiter.request_filter(predicate)
    if app is None:
        return
    hooks = app.before_request_funcs.setdefault(None, [])
    for number, hook in enumerate(hooks):
        if hook == limiter._check_request_limit:
            hooks[number] = _unless(predicate, hook)


def _unless(predicate, hook):
    def check_limits():
        if not predicate():
            return hook()
        return None

    return check_limits
