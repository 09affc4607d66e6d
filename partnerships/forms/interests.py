"""Forms of the interest pages: a new interest, declining one, leaving the queue, and the
state filter of the list."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partnerships.models import (
    DECLINE_REASON_MAX_LENGTH,
    MESSAGE_MAX_LENGTH,
    Firm,
    InterestState,
    Need,
)
from partnerships.services.matches import LEFT_REASON_MAX_LENGTH


def _within(value: str, limit: int) -> str:
    # Counted after stripping; the error says by how much, so people know what to cut.
    if len(value) > limit:
        raise ValidationError(
            _("At most %(limit)s characters, please; this has %(length)s."),
            code="max_length",
            params={"limit": limit, "length": len(value)},
        )
    return value


class InterestForm(forms.Form):
    """Help texts that quote a limit are set per form: a lazy text formatted at import time
    would keep the language of the import."""

    need = forms.ModelChoiceField(
        label=_("About"),
        queryset=Need.objects.none(),
        required=False,
        empty_label=_("In general, not about one need"),
        help_text=_("One of the firm's open needs, or in general."),
    )
    # Not stripped by the field: clean_message strips, then counts.
    message = forms.CharField(
        label=_("Your message"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": MESSAGE_MAX_LENGTH}),
        error_messages={"required": _("Write a short message to the other side.")},
    )

    def __init__(self, *args, firm: Firm, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["message"].help_text = gettext(
            "Up to %(limit)s characters: who you are, what you offer or look for, and what you "
            "would like to talk about."
        ) % {"limit": MESSAGE_MAX_LENGTH}
        self.fields["need"].queryset = (
            Need.objects.open().filter(firm=firm).order_by("deadline", "pk")
        )

    def clean_message(self) -> str:
        message = self.cleaned_data["message"].strip()
        if not message:
            raise ValidationError(
                self.fields["message"].error_messages["required"], code="required"
            )
        return _within(message, MESSAGE_MAX_LENGTH)


class DeclineForm(forms.Form):
    prefix = "decline"  # the page may hold another form with a reason
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": DECLINE_REASON_MAX_LENGTH}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = gettext(
            "The sender reads it. Up to %(limit)s characters."
        ) % {"limit": DECLINE_REASON_MAX_LENGTH}

    def clean_reason(self) -> str:
        return _within(self.cleaned_data["reason"].strip(), DECLINE_REASON_MAX_LENGTH)


class LeaveQueueForm(forms.Form):
    prefix = "leave"
    reason = forms.CharField(
        label=_("Why do you leave the queue?"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": LEFT_REASON_MAX_LENGTH}),
        error_messages={"required": _("Say why you leave the queue.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = gettext(
            "The programme's officials read it. Up to %(limit)s characters."
        ) % {"limit": LEFT_REASON_MAX_LENGTH}

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(self.fields["reason"].error_messages["required"], code="required")
        return _within(reason, LEFT_REASON_MAX_LENGTH)


class InterestStateForm(forms.Form):
    """The list's filter; a state that is not one shows every interest."""

    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All")), *InterestState.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
