"""Regional scope in the admin: a regional official meets only the records of their provinces.

Every domain ModelAdmin subclasses RegionalScopeAdmin. It narrows ``get_queryset``, and Django's
admin builds everything else on that queryset: the changelist with its search, filters, counts
and date hierarchy, the actions (including "delete selected"), exports, the change, delete and
history pages (``get_object``), and the autocomplete of every field that points at the model
(AutocompleteJsonView asks the related model's admin). What a model's rows map to is declared
once, in ``partnerships.officials.MODEL_SCOPES``, or on the ModelAdmin as ``province_scope``.

An object outside the scope is a 404, whether listed, guessed or posted to; choices of UMKM,
firm, need, province and regency fields hold only the scope; province and regency filters
offer only the official's own. A person whose role the admin does not allow for an action gets
a 403, never a silent "no action selected".
"""

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.utils import get_fields_from_path
from django.core import checks
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext

from partnerships.models import Province, Regency
from partnerships.officials import ProvinceScope, in_scope, scope_of, scoped_province_ids

REGION_MODELS = (Province, Regency)


def regions_in_scope(model: type[Model], queryset: QuerySet, user) -> QuerySet:
    """Provinces or regencies narrowed to the ones ``user`` looks after."""
    provinces = scoped_province_ids(user)
    if provinces is None:
        return queryset
    if model is Province:
        return queryset.filter(pk__in=provinces)
    return queryset.filter(province__in=provinces)


def related_in_scope(model: type[Model], queryset: QuerySet, user) -> QuerySet:
    """The choices of a field pointing at ``model``, narrowed to ``user``'s scope."""
    if model in REGION_MODELS:
        return regions_in_scope(model, queryset, user)
    scope = scope_of(model)
    return queryset if scope is None else in_scope(queryset, user, scope)


class RegionInScopeFilter(admin.RelatedFieldListFilter):
    """A province or regency filter that offers only the official's provinces."""

    def field_choices(self, field, request: HttpRequest, model_admin):
        choices = super().field_choices(field, request, model_admin)
        provinces = scoped_province_ids(request.user)
        if provinces is None:
            return choices
        model = field.related_model
        allowed = set(
            regions_in_scope(model, model._default_manager.all(), request.user).values_list(
                "pk", flat=True
            )
        )
        return [(pk, label) for pk, label in choices if pk in allowed]


class RegionalScopeAdmin(admin.ModelAdmin):
    """The base of every domain ModelAdmin: querysets, objects and choices in the scope."""

    # How a row maps to provinces; None reads partnerships.officials.MODEL_SCOPES.
    province_scope: ProvinceScope | None = None

    def get_province_scope(self) -> ProvinceScope | None:
        return self.province_scope or scope_of(self.model)

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        if self.get_province_scope() is None:
            errors.append(
                checks.Error(
                    f"{type(self).__name__} has no regional scope: declare province_scope or "
                    f"add {self.model._meta.label_lower} to partnerships.officials.MODEL_SCOPES.",
                    obj=type(self),
                    id="partnerships.E001",
                )
            )
        return errors

    # --- the queryset, and everything built on it ------------------------------------------

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return in_scope(super().get_queryset(request), request.user, self.get_province_scope())

    def get_object(self, request: HttpRequest, object_id: str, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and scoped_province_ids(request.user) is not None:
            # Outside the scope, or never there: the same answer, so nothing is given away
            # (Django's admin would redirect with "doesn't exist", naming the model and id).
            raise Http404(gettext("There is no such record in your provinces."))
        return obj

    def history_view(self, request: HttpRequest, object_id: str, extra_context=None):
        # simple-history falls back on the object's last historical record when the queryset
        # does not hold it: a regional official must not read another province's history.
        self._in_scope_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id, extra_context=None
    ):
        # A past version is for reading: reverting would bypass the services (a verification
        # decision, a merge) and simple-history saves a POST here without asking for the
        # change permission, so nobody posts to it.
        if request.method != "GET":
            raise PermissionDenied
        self._in_scope_or_404(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request: HttpRequest, obj=None) -> bool:
        return True

    def _in_scope_or_404(self, request: HttpRequest, object_id: str) -> None:
        if scoped_province_ids(request.user) is not None:
            self.get_object(request, object_id)

    # --- choices and filters ---------------------------------------------------------------

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if "queryset" not in kwargs:
            queryset = self.get_field_queryset(None, db_field, request)
            if queryset is None:
                queryset = db_field.remote_field.model._default_manager.all()
            kwargs["queryset"] = related_in_scope(
                db_field.remote_field.model, queryset, request.user
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request: HttpRequest, **kwargs):
        # Regions are left alone here: a firm operating in two provinces keeps both locations
        # when the official of one of them edits it.
        model = db_field.remote_field.model
        if "queryset" not in kwargs and model not in REGION_MODELS and scope_of(model):
            queryset = self.get_field_queryset(None, db_field, request)
            if queryset is None:
                queryset = model._default_manager.all()
            kwargs["queryset"] = related_in_scope(model, queryset, request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_list_filter(self, request: HttpRequest):
        filters = super().get_list_filter(request)
        if scoped_province_ids(request.user) is None:
            return filters
        return [self._region_filter_in_scope(entry) for entry in filters]

    def _region_filter_in_scope(self, entry):
        path = entry[0] if isinstance(entry, (list, tuple)) else entry
        if not isinstance(path, str):
            return entry
        try:
            field = get_fields_from_path(self.model, path)[-1]
        except (FieldDoesNotExist, LookupError, AttributeError):
            return entry
        if getattr(field, "related_model", None) in REGION_MODELS:
            return (path, RegionInScopeFilter)
        return entry

    # --- actions ---------------------------------------------------------------------------

    def changelist_view(self, request: HttpRequest, extra_context=None):
        # Django drops an action the person may not run (and with none left, renders the
        # list again); a refused action is a 403, so a read-only auditor knows it was refused.
        if request.method == "POST" and "action" in request.POST:
            name = request.POST.get("action", "")
            known = {action_name for _f, action_name, _d in self._get_base_actions()}
            if name in known and (
                not self.has_view_or_change_permission(request)
                or name not in self.get_actions(request)
            ):
                raise PermissionDenied
        return super().changelist_view(request, extra_context)

    def response_action(self, request: HttpRequest, queryset: QuerySet):
        # Selecting a row outside the scope (by editing the form) is the same 404 as opening
        # it; Django would quietly leave it out.
        across = request.POST.get("select_across") == "1"
        if scoped_province_ids(request.user) is not None and not across:
            selected = set(request.POST.getlist(helpers.ACTION_CHECKBOX_NAME))
            try:
                found = queryset.filter(pk__in=selected).count()
            except (ValueError, TypeError, ValidationError):
                found = -1
            if found != len(selected):
                raise Http404(gettext("There is no such record in your provinces."))
        return super().response_action(request, queryset)
