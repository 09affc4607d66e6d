from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.environment import Environment, web_origin


def env(**values: str) -> Environment:
    return Environment(values)


class TestBool:
    @pytest.mark.parametrize("word", ["1", "true", "True", "YES", "on", " yes "])
    def test_it_reads_the_words_for_yes(self, word):
        assert env(FLAG=word).bool("FLAG") is True

    @pytest.mark.parametrize("word", ["0", "false", "No", "off"])
    def test_it_reads_the_words_for_no(self, word):
        assert env(FLAG=word).bool("FLAG") is False

    def test_it_falls_back_to_the_default_when_unset_or_blank(self):
        assert env().bool("FLAG", default=True) is True
        assert env(FLAG="  ").bool("FLAG", default=False) is False

    @pytest.mark.parametrize("word", ["ya", "2", "truee"])
    def test_it_refuses_anything_else_naming_the_variable(self, word):
        with pytest.raises(ImproperlyConfigured, match="FLAG"):
            env(FLAG=word).bool("FLAG", default=False)

    def test_it_insists_on_a_value_without_a_default(self):
        with pytest.raises(ImproperlyConfigured, match="FLAG must be set"):
            env().bool("FLAG")


class TestInt:
    def test_it_reads_a_whole_number(self):
        assert env(PORT="587").int("PORT") == 587

    def test_it_refuses_a_word(self):
        with pytest.raises(ImproperlyConfigured, match="PORT='abc' is not a whole number"):
            env(PORT="abc").int("PORT")

    def test_it_keeps_to_its_bounds(self):
        with pytest.raises(ImproperlyConfigured, match="below the minimum"):
            env(PORT="0").int("PORT", minimum=1)
        with pytest.raises(ImproperlyConfigured, match="above the maximum"):
            env(PORT="70000").int("PORT", maximum=65535)


class TestList:
    def test_it_splits_on_commas_and_drops_blanks(self):
        assert env(HOSTS="a.go.id, b.go.id,,").list("HOSTS") == ["a.go.id", "b.go.id"]

    def test_it_returns_a_copy_of_the_default(self):
        default = ["localhost"]
        hosts = env().list("HOSTS", default=default)
        hosts.append("x")
        assert default == ["localhost"]

    def test_it_checks_each_item(self):
        origins = env(ORIGINS="https://a.go.id,http://b.test:8000/").list(
            "ORIGINS", item=web_origin
        )
        assert origins == ["https://a.go.id", "http://b.test:8000"]

    @pytest.mark.parametrize("origin", ["a.go.id", "ftp://a.go.id", "https://a.go.id/path"])
    def test_an_origin_needs_a_web_scheme_and_no_path(self, origin):
        with pytest.raises(ImproperlyConfigured, match="ORIGINS"):
            env(ORIGINS=origin).list("ORIGINS", item=web_origin)


class TestChoice:
    CHOICES = {"console": "console.Backend", "smtp": "smtp.Backend"}

    def test_it_maps_a_known_key_in_any_case(self):
        assert env(MAIL="SMTP").choice("MAIL", self.CHOICES) == "smtp.Backend"

    def test_it_uses_the_default_key(self):
        assert env().choice("MAIL", self.CHOICES, default="console") == "console.Backend"

    def test_it_lists_the_choices_when_the_value_is_unknown(self):
        with pytest.raises(ImproperlyConfigured, match="console, smtp"):
            env(MAIL="sendmail").choice("MAIL", self.CHOICES)


class TestPath:
    def test_it_reads_an_absolute_path(self):
        assert env(MEDIA_ROOT="/srv/media").path("MEDIA_ROOT") == Path("/srv/media")

    def test_it_refuses_a_relative_path(self):
        with pytest.raises(ImproperlyConfigured, match="absolute"):
            env(MEDIA_ROOT="media").path("MEDIA_ROOT")


class TestDatabase:
    def test_no_url_means_a_local_sqlite_file(self):
        config = env().database("DATABASE_URL", sqlite_path=Path("/srv/portal/db.sqlite3"))
        assert config["ENGINE"] == "django.db.backends.sqlite3"
        assert config["NAME"] == Path("/srv/portal/db.sqlite3")

    def test_a_postgres_url_means_postgresql_with_health_checks(self):
        config = env(DATABASE_URL="postgres://portal:rahasia@db.internal:5433/portal").database(
            "DATABASE_URL", sqlite_path=Path("/unused"), conn_max_age=30
        )
        assert config["ENGINE"] == "django.db.backends.postgresql"
        assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.internal", 5433, "portal")
        assert (config["USER"], config["PASSWORD"]) == ("portal", "rahasia")
        assert config["CONN_MAX_AGE"] == 30
        assert config["CONN_HEALTH_CHECKS"] is True

    def test_postgresql_runs_without_the_jit_compiler(self):
        config = env(DATABASE_URL="postgres://portal@db.internal:5432/portal").database(
            "DATABASE_URL", sqlite_path=Path("/unused")
        )
        assert config["OPTIONS"] == {"options": "-c jit=off -c work_mem=16MB"}

    def test_a_sqlite_url_names_the_file(self):
        config = env(DATABASE_URL="sqlite:////var/lib/portal/db.sqlite3").database(
            "DATABASE_URL", sqlite_path=Path("/unused")
        )
        assert config["NAME"] == "/var/lib/portal/db.sqlite3"

    @pytest.mark.parametrize("url", ["mysql://root@localhost/portal", "localhost:5432/portal"])
    def test_it_refuses_other_databases(self, url):
        with pytest.raises(ImproperlyConfigured, match="DATABASE_URL must start with postgres"):
            env(DATABASE_URL=url).database("DATABASE_URL", sqlite_path=Path("/unused"))

    def test_it_refuses_a_url_without_a_database_name(self):
        with pytest.raises(ImproperlyConfigured, match="must name a database"):
            env(DATABASE_URL="postgres://postgres@127.0.0.1:5432").database(
                "DATABASE_URL", sqlite_path=Path("/unused")
            )
