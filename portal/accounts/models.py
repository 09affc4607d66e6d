from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email: str | None) -> str:
        # People type their address in any case; one address must mean one account.
        return (email or "").strip().lower()

    def get_by_natural_key(self, email: str) -> "User":
        return self.get(email__iexact=self.normalize_email(email))

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        if not (fields["is_staff"] and fields["is_superuser"]):
            raise ValueError("A superuser must have is_staff and is_superuser set.")
        return self.create_user(email, password, **fields)


class Role(models.TextChoices):
    """Who a person is on the public site; officials have no role here (they use the admin)."""

    UMKM_OWNER = "umkm_owner", _("UMKM owner")
    FIRM_REPRESENTATIVE = "firm_representative", _("firm representative")


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an e-mail address.

    One name field rather than first and last names: many Indonesians have a single name.
    """

    email = models.EmailField(_("e-mail address"), unique=True)
    name = models.CharField(_("full name"), max_length=150)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    is_staff = models.BooleanField(
        _("official"),
        default=False,
        help_text=_("Officials can sign in to the administration site."),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Unselect this instead of deleting the account."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_case_insensitive"),
            models.CheckConstraint(
                condition=models.Q(role__in=["", *Role.values]), name="accounts_user_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name or self.email

    @property
    def is_umkm_owner(self) -> bool:
        return self.role == Role.UMKM_OWNER

    @property
    def is_firm_representative(self) -> bool:
        return self.role == Role.FIRM_REPRESENTATIVE

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name.split(" ", 1)[0] if self.name else self.email
