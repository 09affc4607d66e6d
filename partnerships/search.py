"""Free-text search over the stored search documents (Umkm.search_text, Need.search_text).

The one place that knows which database answers (``connection.vendor``):

- PostgreSQL: full-text search with the ``indonesian`` configuration, the very expression
  migration 0006 indexed (``SearchVector("search_text", config="indonesian")``), matched with
  ``websearch_to_tsquery`` so visitors may type "kopi -instan" or "\"kopi bubuk\"". For UMKM,
  a trigram match on the name (indexed with ``gin_trgm_ops``) also finds a misspelt name.
  Relevance is the rank of the text plus the name's trigram similarity.
- SQLite (the embedded demo): every word of the query, lowercased and without the common
  Indonesian suffixes (-nya, -lah, -kah, -kan, -an, -i) on longer words, must occur in the
  document; results whose name contains the query come first.

``clean_search_query`` makes a typed query safe for both: no NUL bytes (PostgreSQL refuses
them in text), whitespace collapsed, at most ``MAX_QUERY_LENGTH`` characters.
"""

import re

from django.db import connection
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When

SEARCH_CONFIG = "indonesian"
MAX_QUERY_LENGTH = 200
# At most this many words are matched on SQLite (each is a LIKE over the whole document).
MAX_FALLBACK_WORDS = 8
# Longest first: "-kan" before "-an", "-nya" before "-a"-anything.
_SUFFIXES = ("nya", "lah", "kah", "kan", "an", "i")
_STEMMABLE_LENGTH = 5
_WORD = re.compile(r"\w+", re.UNICODE)


def clean_search_query(value) -> tuple[str, bool]:
    """(the query to search for, whether it had to be shortened)."""
    text = " ".join(str(value or "").replace("\x00", " ").split())
    if len(text) <= MAX_QUERY_LENGTH:
        return text, False
    return text[:MAX_QUERY_LENGTH].rstrip(), True


def uses_full_text_search() -> bool:
    return connection.vendor == "postgresql"


def fallback_words(query: str) -> list[str]:
    """The words SQLite looks for: lowercased, common suffixes off words longer than five
    letters ("kerupuknya" → "kerupuk", "jahitan" → "jahit"), without repeats."""
    words = []
    for word in _WORD.findall(query.lower()):
        if len(word) > _STEMMABLE_LENGTH:
            for suffix in _SUFFIXES:
                if word.endswith(suffix) and len(word) - len(suffix) >= _STEMMABLE_LENGTH - 1:
                    word = word[: -len(suffix)]
                    break
        if word not in words:
            words.append(word)
    return words[:MAX_FALLBACK_WORDS]


def _full_text(queryset: QuerySet, query: str, *, trigram_field: str | None) -> QuerySet:
    from django.contrib.postgres.lookups import TrigramSimilar
    from django.contrib.postgres.search import (
        SearchQuery,
        SearchRank,
        SearchVector,
        TrigramSimilarity,
    )

    vector = SearchVector("search_text", config=SEARCH_CONFIG)
    search_query = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
    queryset = queryset.annotate(search_document=vector)
    matches = Q(search_document=search_query)
    relevance = SearchRank(vector, search_query)
    if trigram_field:
        # The lookup class itself: django.contrib.postgres is not an installed app, so the
        # "__trigram_similar" name is not registered. Same SQL: name % query.
        matches |= Q(TrigramSimilar(F(trigram_field), query))
        relevance = relevance + TrigramSimilarity(trigram_field, query)
    return queryset.filter(matches).annotate(relevance=relevance)


def _fallback(queryset: QuerySet, query: str, *, name_field: str) -> QuerySet:
    words = fallback_words(query)
    for word in words:
        queryset = queryset.filter(search_text__icontains=word)
    whens = [When(**{f"{name_field}__icontains": query}, then=Value(2))]
    if words:
        # Every word in the name, in any order, comes next.
        whens.append(When(Q(*[Q(**{f"{name_field}__icontains": w}) for w in words]), then=1))
    return queryset.annotate(relevance=Case(*whens, default=Value(0), output_field=IntegerField()))


def search_umkm(queryset: QuerySet, query: str) -> QuerySet:
    """UMKM matching ``query`` (already cleaned), annotated with ``relevance`` (higher first)."""
    if uses_full_text_search():
        return _full_text(queryset, query, trigram_field="name")
    return _fallback(queryset, query, name_field="name")


def search_needs(queryset: QuerySet, query: str) -> QuerySet:
    """Needs matching ``query``, annotated with ``relevance``; the title stands in for a name."""
    if uses_full_text_search():
        return _full_text(queryset, query, trigram_field=None)
    return _fallback(queryset, query, name_field="title")
