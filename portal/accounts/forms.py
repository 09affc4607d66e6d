"""Forms for people's accounts: sign-up (through allauth) and closing an account."""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import Role, User


class SignupForm(AllauthSignupForm):
    """allauth's sign-up (e-mail, password twice) plus who the person is and their consent."""

    name = forms.CharField(
        label=_("Full name"),
        max_length=User._meta.get_field("name").max_length,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=_("As on your identity card (KTP)."),
    )
    role = forms.ChoiceField(
        label=_("I register as"),
        choices=[
            (Role.UMKM_OWNER, _("the owner of an UMKM (micro, small or medium business)")),
            (Role.FIRM_REPRESENTATIVE, _("a representative of a large firm (PMA or PMDN)")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether you register an UMKM or a firm.")},
    )
    consent = forms.BooleanField(
        label=_("I agree to the privacy notice"),
        error_messages={
            "required": _("You can register only if you agree to the privacy notice."),
        },
    )

    field_order = ["name", "email", "password1", "password2", "role", "consent"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Built per form, so the link and the words follow the language of the page.
        self.fields["consent"].label = format_html(
            gettext(
                'I have read the <a href="{url}">privacy notice</a> and agree that the portal '
                "keeps my data to run the partnership programme."
            ),
            url=reverse("privacy"),
        )

    def clean_name(self) -> str:
        # People paste names with stray spaces; one space between words is what we keep.
        return " ".join(self.cleaned_data["name"].split())


class AccountDeleteForm(forms.Form):
    """Closing an account asks for the password again: a borrowed, signed-in phone is not enough."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user: User, rate_limited: bool = False, **kwargs) -> None:
        self.user = user
        self.rate_limited = rate_limited
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        # Over the limit, the password is not even checked: guesses must learn nothing.
        if self.rate_limited:
            raise forms.ValidationError(
                _("Too many attempts. Please wait a minute and try again."), code="rate_limited"
            )
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."), code="incorrect_password")
        return password
