import re

import pytest
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


class TestHome:
    def test_it_tells_the_programme_in_indonesian_at_the_bare_path(self, client):
        page = html(client.get("/"))
        assert '<html lang="id">' in page
        assert "Kemitraan usaha besar dan UMKM" in page
        assert "Berawal pada 18 Januari 2021" in page
        assert "Rp1,5 triliun" in page
        assert "196 UMKM" in page

    def test_it_stays_indonesian_for_a_browser_that_prefers_english(self, client):
        page = html(client.get("/", headers={"accept-language": "en"}))
        assert '<html lang="id">' in page

    def test_it_is_english_under_en(self, client):
        page = html(client.get("/en/"))
        assert '<html lang="en">' in page
        assert "Partnerships between large firms and UMKM" in page
        assert "It began on 18 January 2021" in page
        assert "Rp1.5 trillion" in page

    def test_it_explains_who_can_join_and_how_a_month_works(self, client):
        page = html(client.get("/"))
        assert 'id="join"' in page
        assert "Siapa yang dapat bergabung" in page
        assert 'id="how-it-works"' in page
        assert "Bagaimana satu bulan berjalan" in page

    def test_the_layout_has_landmarks_a_skip_link_and_the_privacy_link(self, client):
        page = html(client.get("/"))
        assert '<a class="skip-link visually-hidden-focusable" href="#main">' in page
        assert '<main id="main"' in page
        assert "<header" in page
        assert "<footer" in page
        assert 'aria-label="Menu utama"' in page
        assert 'href="/privacy/"' in page


class TestLanguageSwitcher:
    def test_each_page_links_to_itself_in_the_other_language(self, client):
        indonesian = html(client.get("/privacy/"))
        assert 'href="/en/privacy/" lang="en"' in indonesian
        english = html(client.get("/en/privacy/"))
        assert 'href="/privacy/" lang="id"' in english

    def test_the_current_language_is_marked(self, client):
        page = html(client.get("/en/"))
        assert 'lang="en" hreflang="en" aria-current="true"' in page

    def test_it_keeps_the_query_string(self, client):
        page = html(client.get("/privacy/?from=footer"))
        assert 'href="/en/privacy/?from=footer"' in page

    def test_search_engines_learn_both_versions(self, client):
        page = html(client.get("/privacy/"))
        assert '<link rel="alternate" hreflang="en" href="http://testserver/en/privacy/">' in page
        assert '<link rel="alternate" hreflang="id" href="http://testserver/privacy/">' in page
        assert (
            '<link rel="alternate" hreflang="x-default" href="http://testserver/privacy/">' in page
        )


class TestPrivacy:
    def test_it_says_what_is_kept_and_who_sees_it(self, client, settings):
        settings.PRIVACY_CONTACT_EMAIL = "dpo@bkpm.test"
        page = html(client.get("/privacy/"))
        assert "UU PDP" in page
        assert "Siapa yang melihatnya" in page
        assert 'href="mailto:dpo@bkpm.test"' in page


class TestErrorPages:
    def test_an_unknown_page_is_a_friendly_404_in_the_layout(self, client):
        response = client.get("/tidak-ada/")
        assert response.status_code == 404
        page = html(response)
        assert "Halaman tidak ditemukan" in page
        assert '<main id="main"' in page

    def test_the_404_page_speaks_english_under_en(self, client):
        page = html(client.get("/en/no-such-page/"))
        assert "Page not found" in page
        # A page that does not exist has no translation: the switcher offers the home page.
        assert 'href="/" lang="id"' in page

    def test_a_failing_view_gives_the_friendly_500_page_without_details(self, settings):
        settings.ROOT_URLCONF = "tests.portal.urls_failing"
        response = Client(raise_request_exception=False).get("/broken/")
        assert response.status_code == 500
        page = html(response)
        assert "Terjadi kesalahan" in page
        assert "a bug in a view" not in page
        assert "Traceback" not in page

    def test_a_lost_database_gives_a_friendly_503_that_asks_to_retry(self, settings):
        settings.ROOT_URLCONF = "tests.portal.urls_failing"
        response = Client(raise_request_exception=False).get("/database-gone/")
        assert response.status_code == 503
        assert response["Retry-After"] == "30"
        assert response["Cache-Control"] == "no-store"
        page = html(response)
        assert "Portal sebentar tidak tersedia" in page
        assert "5432" not in page
        assert "Traceback" not in page


class TestSecurityHeaders:
    def test_every_page_forbids_inline_script_and_framing(self, client):
        response = client.get("/")
        policy = response["Content-Security-Policy"]
        script_src = re.search(r"script-src ([^;]*)", policy).group(1)
        assert script_src.strip() == "'self'"
        assert "unsafe-inline" not in policy
        assert "frame-ancestors 'none'" in policy
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Content-Type-Options"] == "nosniff"

    @pytest.mark.parametrize("path", ["/", "/en/", "/privacy/", "/tidak-ada/"])
    def test_pages_carry_no_inline_script_or_style(self, client, path):
        page = html(client.get(path))
        assert not re.search(r"<script(?![^>]*\bsrc=)", page)
        assert " style=" not in page
        assert "<style" not in page


class TestStaticFiles:
    def test_collected_files_get_hashed_compressed_names(self, settings, tmp_path, client):
        settings.STATIC_ROOT = tmp_path
        settings.STORAGES = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
        }
        call_command("collectstatic", interactive=False, verbosity=0)
        page = html(client.get("/"))
        css = re.search(
            r'href="/static/(vendor/bootstrap/bootstrap\.min\.[0-9a-f]{12}\.css)"', page
        )
        assert css, "the stylesheet is not linked by its hashed name"
        assert (tmp_path / css.group(1)).exists()
        assert (tmp_path / (css.group(1) + ".gz")).exists()
        assert (tmp_path / (css.group(1) + ".br")).exists()


def test_browsers_asking_for_favicon_ico_get_the_portal_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/img/favicon.svg"


def test_the_home_page_invites_visitors_to_register(client):
    page = client.get("/").text
    assert 'href="/accounts/signup/"' in page
    assert "Daftarkan UMKM Anda" in page


def test_the_home_page_takes_a_signed_in_person_to_their_dashboard(client, umkm_owner):
    client.force_login(umkm_owner)
    page = client.get("/").text
    assert 'href="/dashboard/"' in page
    assert "Daftarkan UMKM Anda" not in page
