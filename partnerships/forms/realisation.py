"""The parties' forms on a commitment's page: a realisation report and the partnership's
rating. They check what can be checked without the database (dates in order, amounts, the
evidence file's content); the services (partnerships/services/realisation.py) decide the rest,
such as the rule on realisations above the committed value."""

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from partnerships.documents import check_evidence
from partnerships.forms.rupiah import RupiahField
from partnerships.models import MAX_COMMITMENT_VALUE, RealisationEvent
from partnerships.services.realisation import MAX_NOTES_LENGTH, SCORES

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]


def _date_field(label, help_text=""):
    return forms.DateField(
        label=label,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=help_text,
        error_messages={"invalid": _("Enter a date, for example 2021-01-31.")},
    )


class RealisationReportForm(forms.Form):
    period_start = _date_field(_("Period from"))
    period_end = _date_field(_("Period until"))
    value = RupiahField(
        label=_("Value realised in the period (Rp)"),
        help_text=_("In whole rupiah, e.g. 25.000.000. Write 0 if nothing was realised."),
    )
    event = forms.ChoiceField(
        label=_("What happened"),
        choices=lambda: [(value, capfirst(label)) for value, label in RealisationEvent.choices],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what happened."),
            "invalid_choice": _("Choose what happened."),
        },
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=MAX_NOTES_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was delivered or paid, how much, and anything that went wrong."),
    )
    evidence = forms.FileField(
        label=_("Evidence (optional)"),
        required=False,
        help_text=_("A PDF, JPEG or PNG of at most 20 MB: a delivery note, an invoice, a receipt."),
    )
    over_value_confirmed = forms.BooleanField(
        label=_("Yes, more was realised than the committed value."),
        required=False,
    )

    def __init__(self, *args, prefix="report", **kwargs):
        super().__init__(*args, prefix=prefix, **kwargs)
        # Shown once the service asks for it, and kept once ticked.
        ticked = self.is_bound and self.data.get(self.add_prefix("over_value_confirmed"))
        self.show_over_value = bool(ticked)

    def clean_value(self):
        value = self.cleaned_data["value"]
        if value is not None and value > MAX_COMMITMENT_VALUE:
            raise forms.ValidationError(
                _("This value is too large; please check the number of zeros."), code="too_big"
            )
        return value

    def clean_period_start(self):
        start = self.cleaned_data["period_start"]
        if start > timezone.localdate():
            raise forms.ValidationError(
                _("The period has not started yet: report what was realised once it has."),
                code="future",
            )
        return start

    def clean_evidence(self):
        evidence = self.cleaned_data.get("evidence")
        if evidence:
            try:
                check_evidence(evidence)
            finally:
                evidence.seek(0)
        return evidence

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error(
                "period_end",
                forms.ValidationError(
                    _("The period ends before it starts: check the two dates."), code="order"
                ),
            )
        return cleaned

    def ask_over_value(self, message) -> None:
        """The service found the total above the value: show the box with its message."""
        self.show_over_value = True
        self.add_error("over_value_confirmed", message)


SCORE_CHOICES = [(score, str(score)) for score in SCORES]


def _score_field(label):
    return forms.TypedChoiceField(
        label=label,
        choices=SCORE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("1 is poor, 5 is excellent."),
        error_messages={
            "required": _("Choose a score from 1 to 5."),
            "invalid_choice": _("Choose a score from 1 to 5."),
        },
    )


def _as_bool(value: str) -> bool:
    return value == "yes"


class PartnershipRatingForm(forms.Form):
    quality = _score_field(_("Quality"))
    on_time = _score_field(_("On-time delivery"))
    fair_price = _score_field(_("Fair price"))
    would_continue = forms.TypedChoiceField(
        label=_("Would you continue the partnership?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=_as_bool,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Say whether you would continue the partnership."),
            "invalid_choice": _("Say whether you would continue the partnership."),
        },
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=MAX_NOTES_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What went well, what should change. The other side and BKPM read it."),
    )

    def __init__(self, *args, prefix="rating", rating=None, **kwargs):
        if rating is not None and not args and "data" not in kwargs:
            kwargs.setdefault(
                "initial",
                {
                    "quality": rating.quality,
                    "on_time": rating.on_time,
                    "fair_price": rating.fair_price,
                    "would_continue": "yes" if rating.would_continue else "no",
                    "comment": rating.comment,
                },
            )
        super().__init__(*args, prefix=prefix, **kwargs)
