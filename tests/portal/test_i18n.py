import gettext
import shutil
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import polib
import pytest
from django.core.management import call_command
from django.template import Context, Template
from django.utils import formats, translation

BASE_DIR = Path(__file__).resolve().parents[2]
LOCALE = BASE_DIR / "locale"


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def test_every_indonesian_string_is_translated():
    po = catalogue("id")
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
    assert len(po.translated_entries()) > 50


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_compiled_catalogue_matches_its_source(language):
    """The .mo files are committed so that no one needs gettext to run the portal."""
    po = catalogue(language)
    with (LOCALE / language / "LC_MESSAGES" / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in po.translated_entries():
        if entry.msgid_plural:
            for count, form in ((1, 0), (5, len(entry.msgstr_plural) - 1)):
                assert (
                    compiled.ngettext(entry.msgid, entry.msgid_plural, count)
                    == entry.msgstr_plural[form]
                ), entry.msgid
        else:
            assert compiled.gettext(entry.msgid) == entry.msgstr, entry.msgid


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_the_catalogues_hold_every_string_in_the_code(tmp_path, settings):
    for language in ("id", "en"):
        target = tmp_path / language / "LC_MESSAGES"
        target.mkdir(parents=True)
        shutil.copy(LOCALE / language / "LC_MESSAGES" / "django.po", target)
    settings.LOCALE_PATHS = [tmp_path]
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(BASE_DIR)
        call_command(
            "makemessages",
            locale=["id", "en"],
            ignore_patterns=[".venv", "tests", "staticfiles", "node_modules"],
            no_location=True,
            verbosity=0,
        )
    extracted = polib.pofile(str(tmp_path / "id" / "LC_MESSAGES" / "django.po"))
    missing = [entry.msgid for entry in extracted.untranslated_entries()]
    assert missing == [], "run `make messages` and translate these"


class TestFormats:
    def test_dates_are_spelled_out_in_indonesian(self):
        with translation.override("id"):
            assert formats.date_format(date(2021, 1, 18)) == "18 Januari 2021"

    def test_dates_are_spelled_out_in_english(self):
        with translation.override("en"):
            assert formats.date_format(date(2021, 1, 18)) == "18 January 2021"

    def test_times_are_shown_in_jakarta_time(self):
        moment = datetime(2021, 1, 18, 2, 30, tzinfo=ZoneInfo("UTC"))
        with translation.override("id"):
            rendered = Template("{{ moment }}").render(Context({"moment": moment}))
        assert rendered == "18 Januari 2021, 09.30"
