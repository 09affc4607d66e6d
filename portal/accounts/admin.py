from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from partnerships.models import OfficialProvince
from partnerships.officials import official_role
from portal.accounts.models import User


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "name")


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class OfficialProvinceInline(admin.TabularInline):
    """The provinces a regional official looks after (their role is the group above)."""

    model = OfficialProvince
    fk_name = "official"
    fields = ("province", "assigned_by", "assigned_at")
    readonly_fields = ("assigned_by", "assigned_at")
    autocomplete_fields = ("province",)
    verbose_name_plural = _("provinces of a regional official")
    extra = 0


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Officials' accounts are managed by central officials (and superusers): the role is the
    group ("Pejabat pusat", "Pejabat daerah", "Auditor"), a regional official's provinces are
    the inline below it. Only a superuser grants superuser status or single permissions, or
    changes a superuser's account."""

    form = UserEditForm
    add_form = UserCreationForm
    ordering = ("email",)
    list_display = ("email", "name", "role", "is_staff", "is_active", "date_joined", "last_login")
    list_filter = ("role", "is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("email", "name")
    readonly_fields = ("date_joined", "last_login", "official_role")
    inlines = (OfficialProvinceInline,)
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("name", "role")}),
        (
            _("Permissions"),
            {
                "fields": (
                    "official_role",
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                ),
                "description": _(
                    "An official is staff and in exactly one group: Pejabat pusat (central), "
                    "Pejabat daerah (regional, with at least one province below) or Auditor "
                    "(read only). The command assign_official does the same in one step."
                ),
            },
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "name", "usable_password", "password1", "password2"),
            },
        ),
    )

    @admin.display(description=_("official's role"))
    def official_role(self, user: User) -> str:
        role = official_role(user)
        return role.label if role else "—"

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if not request.user.is_superuser:
            readonly = (*readonly, "is_superuser", "user_permissions")
        return readonly

    def get_inline_instances(self, request: HttpRequest, obj=None):
        return [] if obj is None else super().get_inline_instances(request, obj)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        for instance in formset.save(commit=False):
            if instance.pk is None:
                instance.assigned_by = request.user
            instance.save()
        for instance in formset.deleted_objects:
            instance.delete()
        formset.save_m2m()
