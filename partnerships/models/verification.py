"""The verification an official gives a registered UMKM or firm before others may see it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class VerificationState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("awaiting verification")
    VERIFIED = "verified", _("verified")
    REJECTED = "rejected", _("needs correction")


class VerifiableQuerySet(models.QuerySet):
    """Who may see a profile: everyone once verified; officials always; its own people always."""

    def verified(self):
        return self.filter(verification_state=VerificationState.VERIFIED)

    def own_by(self, user) -> Q:
        """The profiles this signed-in person acts for (their UMKM, their firm)."""
        raise NotImplementedError

    def visible_to(self, user):
        if user.is_authenticated and user.is_staff:
            return self.all()
        if user.is_authenticated:
            return self.filter(Q(verification_state=VerificationState.VERIFIED) | self.own_by(user))
        return self.verified()


class Verifiable(models.Model):
    """Fields and rules shared by every profile that officials verify."""

    verification_state = models.CharField(
        _("verification state"),
        max_length=10,
        choices=VerificationState.choices,
        default=VerificationState.DRAFT,
        db_index=True,
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(verification_state__in=VerificationState.values),
                name="%(app_label)s_%(class)s_verification_state_valid",
            ),
            models.CheckConstraint(
                condition=~Q(verification_state=VerificationState.REJECTED)
                | ~Q(rejection_reason=""),
                name="%(app_label)s_%(class)s_rejection_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(verification_state=VerificationState.VERIFIED)
                | Q(reviewed_at__isnull=False),
                name="%(app_label)s_%(class)s_verification_has_time",
            ),
            models.CheckConstraint(
                condition=Q(verification_state=VerificationState.DRAFT)
                | Q(submitted_at__isnull=False),
                name="%(app_label)s_%(class)s_submission_has_time",
            ),
        ]

    @property
    def is_verified(self) -> bool:
        return self.verification_state == VerificationState.VERIFIED

    @property
    def is_editable_submission(self) -> bool:
        """Drafts and rejected profiles may be (re)submitted."""
        return self.verification_state in (VerificationState.DRAFT, VerificationState.REJECTED)
