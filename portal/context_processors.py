from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse, translate_url
from django.utils.translation import get_language, get_language_info, override


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    absolute_url: str
    is_current: bool
    is_default: bool


def site(request: HttpRequest) -> dict[str, object]:
    return {"language_links": language_links(request)}


def language_links(request: HttpRequest) -> list[LanguageLink]:
    """This page in each language; the home page where this one has no translation."""
    current = get_language()
    here = request.get_full_path()
    links = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(here, code)
        if url == here and code != current:
            with override(code):
                url = reverse("home")
        links.append(
            LanguageLink(
                code=code,
                name=get_language_info(code)["name_local"],
                url=url,
                absolute_url=request.build_absolute_uri(url),
                is_current=code == current,
                is_default=code == settings.LANGUAGE_CODE,
            )
        )
    return links
