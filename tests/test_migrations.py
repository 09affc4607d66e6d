from django.core.management import call_command


def test_the_migrations_describe_every_model_change(db):
    # Raises SystemExit(1) when a model change has no migration.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
