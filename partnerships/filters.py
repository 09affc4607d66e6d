"""The filters of the public lists: the supplier directory, open needs and firms (django-filter).

GET names are part of the URL contract (DESIGN.md): ``q``, ``province`` (two-digit Kemendagri
code), ``regency`` (four-digit code), ``kbli`` (a section letter or a 2- to 5-digit code: any
level matches everything under it), ``scale``, ``certification``, ``export``, ``pattern``,
``type`` and ``sort``; ``page`` belongs to the views.

A filter that does not validate (``province=abc``, ``kbli=99999999``) is reported on the page
and ignored: the list shows what the other filters select (django-filter filters only with the
fields that cleaned). No typed value reaches the database unchecked: codes are matched against
patterns and loaded choices, and ``q`` loses NUL bytes and is cut to 200 characters.

Needs without locations are wanted from anywhere in Indonesia, so every province and regency
filter includes them.
"""

import re

import django_filters
from django import forms
from django.db.models import Case, Count, F, IntegerField, Q, When
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from partnerships.business_size import BusinessSize
from partnerships.forms.widgets import PlainSelect
from partnerships.models import (
    BridgingSession,
    Certification,
    CertificationKind,
    Firm,
    InvestmentType,
    KbliCode,
    KbliLevel,
    KbliVersion,
    Need,
    NeedState,
    PartnershipPattern,
    Province,
    Regency,
    RequiredCertification,
    SessionScope,
    Umkm,
)
from partnerships.search import MAX_QUERY_LENGTH, clean_search_query, search_needs, search_umkm

_KBLI = re.compile(r"^(?:[A-Za-z]|\d{2,5})\Z")
_REGENCY = re.compile(r"^\d{4}\Z")


def _province_choices():
    return list(Province.objects.order_by("name").values_list("code", "name"))


def _kbli_choices():
    """Sections and divisions: enough to narrow by sector; deeper codes come from links."""
    codes = KbliCode.objects.filter(
        version=KbliVersion.KBLI_2020, level__in=[KbliLevel.SECTION, KbliLevel.DIVISION]
    ).values_list("section", "level", "code", "title_id", "title_en")
    english = (get_language() or "").startswith("en")
    choices = []
    # Each section, then its divisions (collations disagree on letters against digits).
    for _section, level, code, title_id, title_en in sorted(
        codes, key=lambda row: (row[0], row[1] != KbliLevel.SECTION, row[2])
    ):
        title = title_en if english and title_en else title_id  # as KbliCode.title
        indent = "" if level == KbliLevel.SECTION else "\u2003"
        choices.append((code, f"{indent}{code} · {title}"))
    return choices


class SearchField(forms.CharField):
    """``q``: NUL bytes out, whitespace collapsed, cut to MAX_QUERY_LENGTH characters (the form
    notes it in ``notices``)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", None)
        kwargs.setdefault("widget", forms.SearchInput(attrs={"maxlength": MAX_QUERY_LENGTH}))
        super().__init__(**kwargs)

    def to_python(self, value):
        text, self.truncated = clean_search_query(value)
        return text


class SearchFilter(django_filters.CharFilter):
    field_class = SearchField


class DirectoryFilterForm(forms.Form):
    """The form of every public list: checks codes without trusting them to the database, and
    keeps what the page should say about the search (``notices``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if type(field.widget) is forms.Select:
                # Same markup, without a template per option: over a hundred sectors
                # (partnerships.forms.widgets).
                field.widget = PlainSelect(attrs=field.widget.attrs, choices=field.widget.choices)
        self.notices = []
        self.kbli_code = None
        self.regency = None
        if "regency" in self.fields:
            self._offer_regencies()
        if "kbli" in self.fields:
            self._offer_kbli()

    def _typed(self, name) -> str:
        return str(self.data.get(name, "") or "").replace("\x00", "").strip()

    def _offer_regencies(self):
        province = self._typed("province")
        regency = self._typed("regency")
        regencies = Regency.objects.none()
        if re.match(r"^\d{2}\Z", province):
            regencies = Regency.objects.filter(province__code=province)
        elif _REGENCY.match(regency):
            regencies = Regency.objects.filter(code=regency)
        self.fields["regency"].widget.choices = [
            ("", _("All regencies and cities") if province else _("Choose a province first")),
            *regencies.order_by("name").values_list("code", "name"),
        ]

    def _offer_kbli(self):
        choices = [("", _("All sectors")), *_kbli_choices()]
        typed = self._typed("kbli").upper()
        if _KBLI.match(typed) and typed not in {value for value, _label in choices}:
            # A deeper code from a link stays selected (and named) in the select.
            code = KbliCode.objects.filter(version=KbliVersion.KBLI_2020, code=typed).first()
            if code is not None:
                choices.append((code.code, f"{code.code} · {code.title}"))
        self.fields["kbli"].widget.choices = choices

    def clean_q(self):
        value = self.cleaned_data.get("q", "")
        if getattr(self.fields["q"], "truncated", False):
            self.notices.append(
                _("Your search was long, so only its first %(count)s characters were used.")
                % {"count": MAX_QUERY_LENGTH}
            )
        return value

    def clean_kbli(self):
        value = (self.cleaned_data.get("kbli") or "").strip().upper()
        if not value:
            return ""
        if not _KBLI.match(value):
            raise forms.ValidationError(
                _(
                    "A KBLI filter is a section letter (A to U) or a code of 2 to 5 digits; "
                    "“%(value)s” is neither."
                ),
                code="kbli_format",
                params={"value": value[:20]},
            )
        code = KbliCode.objects.filter(version=KbliVersion.KBLI_2020, code=value).first()
        if code is None:
            raise forms.ValidationError(
                _("There is no KBLI 2020 code %(value)s."),
                code="kbli_unknown",
                params={"value": value},
            )
        self.kbli_code = code
        return value

    def clean_regency(self):
        value = (self.cleaned_data.get("regency") or "").strip()
        if not value:
            return ""
        regency = (
            Regency.objects.select_related("province").filter(code=value).first()
            if _REGENCY.match(value)
            else None
        )
        if regency is None:
            raise forms.ValidationError(
                _("There is no regency or city with the Kemendagri code “%(value)s”."),
                code="regency_unknown",
                params={"value": value[:20]},
            )
        self.regency = regency
        return value

    def clean(self):
        cleaned = super().clean()
        province, regency = cleaned.get("province"), self.regency
        if province and regency is not None and regency.province.code != province:
            self.add_error(
                "regency",
                forms.ValidationError(
                    _("%(regency)s is not in the chosen province."),
                    code="regency_outside_province",
                    params={"regency": regency.name},
                ),
            )
        return cleaned


def _kbli_match(value: str, prefix: str) -> Q:
    """Codes under ``value``: a letter is a section, digits nest by prefix (10 ⊃ 107 ⊃ 10794)."""
    if value.isalpha():
        return Q(**{f"{prefix}section": value})
    return Q(**{f"{prefix}code__startswith": value})


class _DirectoryFilterSet(django_filters.FilterSet):
    q = SearchFilter(label=_("Search"), method="filter_q")
    sort = django_filters.ChoiceFilter(label=_("Sort by"), method="keep", empty_label=None)

    class Meta:
        form = DirectoryFilterForm
        fields = []

    def keep(self, queryset, name, value):
        return queryset  # applied by filter_queryset, after every filter

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        return self.order(queryset, self.form.cleaned_data.get("sort") or "")

    def order(self, queryset, sort):
        raise NotImplementedError

    def active_filters(self) -> list[tuple[str, str]]:
        """(GET name, cleaned value) of every filter that is in use, in form order."""
        cleaned = getattr(self.form, "cleaned_data", {})
        return [
            (name, cleaned[name])
            for name in self.form.fields
            if name != "sort" and cleaned.get(name) not in (None, "", False)
        ]


class UmkmFilter(_DirectoryFilterSet):
    province = django_filters.ChoiceFilter(
        label=_("Province"),
        choices=_province_choices,
        method="filter_province",
        empty_label=_("All provinces"),
    )
    regency = django_filters.CharFilter(
        label=_("Regency or city"), method="filter_regency", widget=forms.Select
    )
    kbli = django_filters.CharFilter(
        label=_("Line of business (KBLI)"), method="filter_kbli", widget=forms.Select
    )
    scale = django_filters.ChoiceFilter(
        label=_("Size class"),
        choices=[(size.value, size.label) for size in BusinessSize if size != BusinessSize.LARGE],
        field_name="size_class",
        empty_label=_("All sizes"),
    )
    certification = django_filters.ChoiceFilter(
        label=_("Holds a valid certification"),
        choices=CertificationKind.choices,
        method="filter_certification",
        empty_label=_("Any or none"),
    )
    export = django_filters.BooleanFilter(
        label=_("Has export experience"), method="filter_export", widget=forms.CheckboxInput
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        method="keep",
        empty_label=_("Best match, or newest"),
        choices=[
            ("relevance", _("best match (when searching)")),
            ("newest", _("newest")),
            ("name", _("name")),
        ],
    )

    class Meta(_DirectoryFilterSet.Meta):
        model = Umkm

    def filter_q(self, queryset, name, value):
        return search_umkm(queryset, value) if value else queryset

    # By id rather than by a join on the code: the planner then knows how many UMKM the
    # place holds and reads them newest first from its index (migration 0015).
    def filter_province(self, queryset, name, value):
        regency = self.form.regency
        if regency is not None and regency.province.code == value:
            return queryset.filter(province_id=regency.province_id)
        province = Province.objects.filter(code=value).values_list("pk", flat=True).first()
        return queryset.filter(province_id=province)

    def filter_regency(self, queryset, name, value):
        return queryset.filter(regency_id=self.form.regency.pk)

    def filter_kbli(self, queryset, name, value):
        # Through the links alone, and with the codes' ids as values: at a million UMKM the
        # planner then knows how common they are (a popular subclass, a whole section) and
        # walks the newest-first index or hashes the links accordingly.
        code = self.form.kbli_code
        if code is not None and code.level == KbliLevel.SUBCLASS:
            codes = [code.pk]
        else:
            codes = list(
                KbliCode.objects.filter(_kbli_match(value, "")).values_list("pk", flat=True)
            )
        links = Umkm.kbli_codes.through.objects.filter(kblicode_id__in=codes)
        return queryset.filter(pk__in=links.values("umkm_id"))

    def filter_certification(self, queryset, name, value):
        valid = Certification.objects.filter(kind=value).filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=timezone.localdate())
        )
        return queryset.filter(pk__in=valid.values("umkm_id"))

    def filter_export(self, queryset, name, value):
        return queryset.filter(has_export_experience=True) if value else queryset

    def order(self, queryset, sort):
        searched = bool(self.form.cleaned_data.get("q"))
        newest = [F("reviewed_at").desc(nulls_last=True), "-created_at", "-pk"]
        if sort == "name":
            return queryset.order_by("name", "pk")
        if searched and sort in ("", "relevance"):
            return queryset.order_by("-relevance", *newest)
        return queryset.order_by(*newest)


def _need_location_match(regency_lookup: Q) -> Q:
    """Needs wanted in the place, and needs wanted from anywhere (no locations)."""
    through = Need.locations.through.objects
    return Q(pk__in=through.filter(regency_lookup).values("need_id")) | ~Q(
        pk__in=through.values("need_id")
    )


class NeedFilter(_DirectoryFilterSet):
    province = django_filters.ChoiceFilter(
        label=_("Supply wanted in province"),
        choices=_province_choices,
        method="filter_province",
        empty_label=_("All provinces"),
    )
    regency = django_filters.CharFilter(
        label=_("Regency or city"), method="filter_regency", widget=forms.Select
    )
    kbli = django_filters.CharFilter(
        label=_("Line of business (KBLI)"), method="filter_kbli", widget=forms.Select
    )
    certification = django_filters.ChoiceFilter(
        label=_("Requires the certification"),
        choices=CertificationKind.choices,
        method="filter_certification",
        empty_label=_("Any"),
    )
    pattern = django_filters.ChoiceFilter(
        label=_("Partnership pattern"),
        choices=PartnershipPattern.choices,
        empty_label=_("All patterns"),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        method="keep",
        empty_label=_("Deadline, soonest first"),
        choices=[
            ("newest", _("newest")),
            ("value", _("estimated value, highest first")),
            ("relevance", _("best match (when searching)")),
        ],
    )

    class Meta(_DirectoryFilterSet.Meta):
        model = Need

    def filter_q(self, queryset, name, value):
        return search_needs(queryset, value) if value else queryset

    def filter_province(self, queryset, name, value):
        return queryset.filter(_need_location_match(Q(regency__province__code=value)))

    def filter_regency(self, queryset, name, value):
        return queryset.filter(_need_location_match(Q(regency__code=value)))

    def filter_kbli(self, queryset, name, value):
        matching = Need.objects.filter(_kbli_match(value, "kbli_codes__"))
        return queryset.filter(pk__in=matching.values("pk"))

    def filter_certification(self, queryset, name, value):
        required = RequiredCertification.objects.filter(kind=value)
        return queryset.filter(pk__in=required.values("need_id"))

    def order(self, queryset, sort):
        if sort == "newest":
            return queryset.order_by("-created_at", "-pk")
        if sort == "value":
            return queryset.order_by(F("estimated_value").desc(nulls_last=True), "deadline", "pk")
        if sort == "relevance" and self.form.cleaned_data.get("q"):
            return queryset.order_by("-relevance", "deadline", "pk")
        return queryset.order_by("deadline", "pk")


class FirmFilter(_DirectoryFilterSet):
    type = django_filters.ChoiceFilter(
        label=_("Investment type"),
        choices=InvestmentType.choices,
        field_name="investment_type",
        empty_label=_("PMA and PMDN"),
    )
    province = django_filters.ChoiceFilter(
        label=_("Operates in province"),
        choices=_province_choices,
        method="filter_province",
        empty_label=_("All provinces"),
    )
    kbli = django_filters.CharFilter(
        label=_("Sector (KBLI)"), method="filter_kbli", widget=forms.Select
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        method="keep",
        empty_label=_("Name"),
        choices=[("newest", _("newest"))],
    )

    class Meta(_DirectoryFilterSet.Meta):
        model = Firm

    def filter_q(self, queryset, name, value):
        # Few firms, short texts: every word in the name or the description, on any database.
        for word in value.split()[:8]:
            queryset = queryset.filter(Q(name__icontains=word) | Q(description__icontains=word))
        return queryset

    def filter_province(self, queryset, name, value):
        places = Firm.locations.through.objects.filter(regency__province__code=value)
        return queryset.filter(pk__in=places.values("firm_id"))

    def filter_kbli(self, queryset, name, value):
        matching = Firm.objects.filter(_kbli_match(value, "sectors__"))
        return queryset.filter(pk__in=matching.values("pk"))

    def order(self, queryset, sort):
        if sort == "newest":
            return queryset.order_by(F("reviewed_at").desc(nulls_last=True), "-created_at", "-pk")
        return queryset.order_by("name", "pk")


def open_need_count():
    """Annotation: a firm's open needs (as Need.objects.open() counts them; the firm is
    verified wherever this is used)."""
    return Count(
        "needs",
        filter=Q(needs__state=NeedState.OPEN, needs__deadline__gte=timezone.localdate()),
        distinct=True,
    )


class SessionFilter(django_filters.FilterSet):
    """The public list of bridging sessions (/sessions/): GET ``when`` (``upcoming``,
    ``past``), ``scope`` (``national``, ``provincial``) and ``province`` (two-digit code).

    A province selects the sessions its parties can attend: its own provincial sessions and
    the national ones (a national session draws from every province); with
    ``scope=provincial`` only its own. Upcoming sessions (today included) come first, soonest
    first, then past ones, latest first.
    """

    when = django_filters.ChoiceFilter(
        label=_("When"),
        choices=[("upcoming", _("upcoming (from today)")), ("past", _("past"))],
        method="filter_when",
        empty_label=_("Upcoming and past"),
    )
    scope = django_filters.ChoiceFilter(
        label=_("Scope"),
        choices=[
            (SessionScope.NATIONAL, _("National")),
            (SessionScope.PROVINCIAL, _("Provincial")),
        ],
        empty_label=_("National and provincial"),
    )
    province = django_filters.ChoiceFilter(
        label=_("Open to parties in province"),
        choices=_province_choices,
        method="filter_province",
        empty_label=_("All provinces"),
    )

    class Meta:
        model = BridgingSession
        form = DirectoryFilterForm
        fields = []

    def filter_when(self, queryset, name, value):
        today = timezone.localdate()
        return (
            queryset.filter(date__gte=today)
            if value == "upcoming"
            else queryset.filter(date__lt=today)
        )

    def filter_province(self, queryset, name, value):
        return queryset.filter(
            Q(scope=SessionScope.NATIONAL) | Q(scope=SessionScope.PROVINCIAL, province__code=value)
        )

    def filter_queryset(self, queryset):
        today = timezone.localdate()
        queryset = (
            super()
            .filter_queryset(queryset)
            .annotate(
                is_past=Case(When(date__lt=today, then=1), default=0, output_field=IntegerField())
            )
        )
        # Upcoming soonest first; the past (where the second key is NULL) latest first.
        return queryset.order_by(
            "is_past",
            Case(When(date__gte=today, then=F("date"))).asc(),
            F("date").desc(),
            "pk",
        )

    def active_filters(self) -> list[tuple[str, str]]:
        """(GET name, cleaned value) of every filter in use, in form order."""
        cleaned = getattr(self.form, "cleaned_data", {})
        return [(name, cleaned[name]) for name in self.form.fields if cleaned.get(name)]
