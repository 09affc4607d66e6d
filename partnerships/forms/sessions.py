"""Forms of the participants' side of bridging sessions: answering an invitation and recording
a meeting's outcome. The services decide whether the answer is still allowed; these forms only
make sure the posted value is one of the choices."""

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerships.models import InvitationAnswer, MeetingOutcome


class InvitationAnswerForm(forms.Form):
    """Posted by one of two buttons, ``answer=confirmed`` or ``answer=declined``."""

    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=[
            (InvitationAnswer.CONFIRMED, _("We will attend")),
            (InvitationAnswer.DECLINED, _("We will not attend")),
        ],
        error_messages={
            "required": _("Choose whether you will attend."),
            "invalid_choice": _("Choose whether you will attend."),
        },
    )


class OutcomeForm(forms.Form):
    """One per meeting on a page: the ids carry the meeting, so several forms can share a page
    while each posts the plain name ``outcome``."""

    outcome = forms.ChoiceField(
        label=_("How did the meeting go for you?"),
        choices=MeetingOutcome.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={
            "required": _("Choose one of the outcomes."),
            "invalid_choice": _("Choose one of the outcomes."),
        },
    )

    def __init__(self, *args, meeting_pk: int, **kwargs):
        kwargs.setdefault("auto_id", f"id_meeting{meeting_pk}_%s")
        super().__init__(*args, **kwargs)
        self.meeting_pk = meeting_pk
