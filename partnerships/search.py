"""Free-text search over the stored search documents (Umkm.search_text, Need.search_text).

The one place that knows which database answers (``connection.vendor``):

- PostgreSQL: full-text search with the ``indonesian`` configuration, the very expression
  migration 0006 indexed (``SearchVector("search_text", config="indonesian")``), matched with
  ``websearch_to_tsquery`` so visitors may type "kopi -instan" or "\"kopi bubuk\"". For UMKM,
  when no document holds the words, a trigram match on the name (indexed with
  ``gin_trgm_ops``) finds a misspelt name instead. Relevance of a need is the rank of its
  text; of an UMKM, the rank of its *name* against the query plus the name's trigram
  similarity: ranking every document would rebuild the text vector of each match (a common
  word matches tens of thousands of a million UMKM: seconds), the name's costs a tenth of
  that (benchmarks/directory.py).
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
    # An alias, not an annotation: the vector is matched by the index, never selected.
    matched = queryset.alias(search_document=vector).filter(search_document=search_query)
    if not trigram_field:
        return matched.annotate(relevance=SearchRank(vector, search_query))
    relevance = SearchRank(
        SearchVector(trigram_field, config=SEARCH_CONFIG), search_query
    ) + TrigramSimilarity(trigram_field, query)
    if not _any(matched):
        # No document holds the words: perhaps a misspelt name. (Both at once, an OR, would
        # read every trigram candidate of a common word: tens of thousands at a million UMKM.)
        # The lookup class itself: django.contrib.postgres is not an installed app, so the
        # "__trigram_similar" name is not registered. Same SQL: name % query.
        matched = queryset.filter(TrigramSimilar(F(trigram_field), query))
    return matched.annotate(relevance=relevance)


def _any(queryset: QuerySet) -> bool:
    """Whether the full-text match finds a row, answered by the text index. Asked as
    ``exists()``, a common word's estimate makes the planner read the table in order until a
    row matches (LIMIT 1), which for a word that only looks common would read every row; a
    materialised CTE is planned for all its rows, so the index answers, and yields the first
    at once."""
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            # Django compiled the statement; every value in it is a parameter.
            f"WITH matches AS MATERIALIZED ({sql}) SELECT 1 FROM matches LIMIT 1",  # noqa: S608 # nosec B608
            params,
        )
        return cursor.fetchone() is not None


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
