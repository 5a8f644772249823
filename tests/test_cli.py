"""`flask users create` and `flask demo seed`."""

from myapp.auth import services


def test_users_create_with_role(runner):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "Boss@Example.com",
            "--password",
            "a long password",
            "--role",
            "admin",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Created boss@example.com (admin)" in result.output
    assert services.get_user_by_email("boss@example.com").role == "admin"


def test_users_create_prompts_for_the_password(runner):
    result = runner.invoke(
        args=["users", "create", "--email", "p@example.com"],
        input="a long password\na long password\n",
    )
    assert result.exit_code == 0, result.output
    assert services.authenticate("p@example.com", "a long password")


def test_users_create_refuses_bad_input(runner, member):
    short = runner.invoke(
        args=["users", "create", "--email", "x@example.com", "--password", "short"]
    )
    assert short.exit_code != 0 and "password" in short.output
    taken = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            member.email,
            "--password",
            "a long password",
        ]
    )
    assert taken.exit_code != 0 and "already exists" in taken.output
    role = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "r@example.com",
            "--password",
            "a long password",
            "--role",
            "emperor",
        ]
    )
    assert role.exit_code != 0


def test_demo_seed_creates_the_admin_once(runner):
    first = runner.invoke(args=["demo", "seed"])
    assert first.exit_code == 0, first.output
    assert "admin@example.com / linchpin-admin" in first.output
    assert runner.invoke(args=["demo", "seed"]).exit_code == 0
    assert services.get_user_by_email("admin@example.com").role == "admin"
    skipped = runner.invoke(args=["demo", "seed", "--if-empty"])
    assert "skipped" in skipped.output
