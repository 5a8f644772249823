"""App-wide commands: `flask users create` and `flask demo seed`."""

import click
from flask import current_app
from flask.cli import AppGroup
from marshmallow import ValidationError

from myapp.auth import schemas as auth_schemas
from myapp.auth import services as auth_services
from myapp.errors import AppError
from myapp.policy import ROLES

users_cli = AppGroup("users", help="Manage user accounts.")
demo_cli = AppGroup("demo", help="Demo content for trying Linchpin out.")

DEMO_ADMIN = {
    "email": "admin@example.com",
    "password": "linchpin-admin",
    "name": "Ada Admin",
}


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", default=None, help="Display name (default: from the e-mail).")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--role", type=click.Choice(ROLES), default="member", show_default=True)
def create_user(email, name, password, role):
    """Create an account with the given role."""
    payload = {
        "email": email,
        "name": name or email.split("@")[0],
        "password": password,
    }
    try:
        data = auth_schemas.RegisterIn().load(payload)
        user = auth_services.create_user(data, role=role, confirmed=True)
        if role != "member":
            auth_services.record_role_grant(user, "from the command line")
    except ValidationError as err:
        raise click.ClickException(_messages(err.messages)) from err
    except AppError as err:
        raise click.ClickException(err.detail) from err
    click.echo(f"Created {user.email} ({user.role}).")


def _messages(messages: dict) -> str:
    return "; ".join(f"{field}: {' '.join(errs)}" for field, errs in messages.items())


def ensure_demo_admin():
    user = auth_services.get_user_by_email(DEMO_ADMIN["email"])
    return user or auth_services.create_user(DEMO_ADMIN, role="admin", confirmed=True)


def demo_seeders() -> list:
    """Each feature's seeder, in dependency order: seeder(admin, options)."""
    from myapp.articles import demo as articles_demo
    from myapp.comments import demo as comments_demo
    from myapp.directory import demo as directory_demo
    from myapp.media import demo as media_demo
    from myapp.reviews import demo as reviews_demo
    from myapp.stats import demo as stats_demo
    from myapp.subscriptions import demo as subscriptions_demo
    from myapp.webhooks import demo as webhooks_demo

    return [
        articles_demo.seed,
        comments_demo.seed,
        directory_demo.seed,
        media_demo.seed,
        reviews_demo.seed,
        stats_demo.seed,
        webhooks_demo.seed,
        subscriptions_demo.seed,
    ]


@demo_cli.command("seed")
@click.option("--articles", default=None, type=int, help="Generate N extra articles.")
@click.option("--listings", default=None, type=int, help="Generate N extra listings.")
@click.option("--days", default=30, type=int, show_default=True, help="Days of stats.")
@click.option("--tags", default=None, type=int, help="Tag pool of generated articles.")
@click.option("--comments", default=None, type=int, help="Generate N extra comments.")
@click.option("--categories", default=None, type=int, help="Grow the tree to N.")
@click.option("--if-empty", is_flag=True, help="Do nothing when the site has users.")
def seed(articles, listings, days, tags, comments, categories, if_empty):  # noqa: PLR0913
    """Add a demo admin and demo content."""
    from sqlalchemy import func, select

    from myapp.auth.models import User
    from myapp.extensions import db

    if if_empty and db.session.scalar(select(func.count()).select_from(User)):
        click.echo("The database has content; demo seed skipped.")
        return
    admin = ensure_demo_admin()
    options = {
        "articles": articles,
        "listings": listings,
        "days": days,
        "tags": tags,
        "comments": comments,
        "categories": categories,
    }
    for seeder in demo_seeders():
        seeder(admin, options)
    click.echo(
        f"Demo admin: {DEMO_ADMIN['email']} / {DEMO_ADMIN['password']} "
        f"at {current_app.config['SITE_URL']}/auth/login"
    )


def register_cli(app) -> None:
    app.cli.add_command(users_cli)
    app.cli.add_command(demo_cli)
