"""What a hostile visitor types: the strategies of the fuzzing tests, and the checks every answer
must pass whatever was sent.

``hostile_text()`` draws random text, huge and negative numbers, unicode (right-to-left marks,
other scripts' digits, emoji), SQL and HTML fragments, NUL bytes, ten thousand characters and
off-site addresses, alone or inside other text. ``MARKUP`` are the fragments that would run if a
page printed them unescaped: ``assert_safe_answer`` fails when one does, when an answer is a
server error, or when a redirect leaves the site.
"""

import os
from urllib.parse import urlsplit

from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import strategies as st

MARKUP = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
)
OFF_SITE = (
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example",
    "javascript:alert(1)",
)
FRAGMENTS = (
    *MARKUP,
    *OFF_SITE,
    "",
    " ",
    "\r\n",
    "' OR 1=1 --",
    "'; DROP TABLE partnerships_umkm; --",
    '" OR ""="',
    "\x00",
    "a\x00b",
    "%00",
    "\u202e\u0627\u0644\u0639\u0631\u0628\u064a\u0629",  # a right-to-left override, then Arabic
    "\u200f",
    "\ufeff",
    "x" * 10_000,
    "9" * 400,
    "-1",
    "0",
    "1e309",
    "NaN",
    "-0",
    "1_000",
    "0x10",
    "\u0661\u0662\u0663",  # Arabic-Indic digits
    "\U0001d7d9\U0001d7da",  # mathematical digits
    "🙂" * 50,
    "../../etc/passwd",
    "{{ 7|add:7 }}{% debug %}",
    "${7*7}",
    "2021-02-30",
    "9999-12-31",
    "0001-01-01",
    "true",
    "on",
    "null",
    "[]",
)


def hostile_text():
    return st.one_of(
        st.sampled_from(FRAGMENTS),
        st.text(max_size=40),
        st.integers(min_value=-(10**40), max_value=10**40).map(str),
        st.builds(
            lambda before, fragment, after: before + fragment + after,
            st.text(max_size=8),
            st.sampled_from(FRAGMENTS),
            st.text(max_size=8),
        ),
    )


# The first bytes of what uploads pretend to be.
MAGIC = (b"", b"%PDF-1.4\n", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"GIF89a", b"MZ", b"<svg")


def _names_a_file(name: str) -> bool:
    # What the test client can send as a file name at all (a browser sends no other).
    return os.path.basename(name) not in ("", ".", "..")


def hostile_file():
    """An uploaded file with a hostile name and the start of some type, or random bytes."""
    names = st.one_of(
        st.sampled_from(["a.png", "a.pdf", "../../a.jpg", "a\x00.png", "<b>.pdf", "x" * 300]),
        hostile_text(),
    ).filter(_names_a_file)
    contents = st.builds(
        lambda magic, rest: magic + rest, st.sampled_from(MAGIC), st.binary(max_size=64)
    )
    return st.builds(lambda name, content: SimpleUploadedFile(name, content), names, contents)


def hostile_value():
    """A value of a posted field: mostly one string, sometimes the field repeated or a file
    where text is expected (and text where a file is)."""
    return st.one_of(
        hostile_text(), st.lists(hostile_text(), min_size=2, max_size=3), hostile_file()
    )


def hostile_fields(names):
    """Some of ``names`` (and now and then an unknown field) with hostile values."""
    keys = st.one_of(st.sampled_from(list(names)), st.sampled_from(["unknown", "id", "pk", "\x00"]))
    return st.dictionaries(keys, hostile_value(), min_size=1, max_size=len(names) + 1)


def is_html(response) -> bool:
    return "html" in response.get("Content-Type", "") and not response.streaming


def raw_markup_in(response) -> list[str]:
    if not is_html(response):
        return []
    page = response.content.decode()
    return [fragment for fragment in MARKUP if fragment in page]


def assert_safe_answer(response, sent=None) -> None:
    """No server error, no markup printed raw, no redirect off the site."""
    assert response.status_code < 500, (response.status_code, sent)
    assert raw_markup_in(response) == [], sent
    if response.status_code in (301, 302, 303, 307, 308):
        target = urlsplit(response["Location"])
        assert not target.scheme or target.netloc == "testserver", (response["Location"], sent)
        assert not target.netloc or target.netloc == "testserver", (response["Location"], sent)
        assert not response["Location"].startswith(("//", "/\\")), (response["Location"], sent)
