"""The UMKM owner's own pages under /dashboard/umkm/: profile, KBLI, certifications, links.

Every view finds the owner's UMKM from the signed-in account, never from an id in the URL,
and looks certifications and links up inside that UMKM, so no owner reaches another's data.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.db import IntegrityError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnerships.access import find_own_umkm, own_umkm_required, umkm_owner_required
from partnerships.business_size import describe_classification
from partnerships.forms.regions import form_with_typed_data, is_refresh
from partnerships.forms.umkm import (
    CertificationForm,
    KbliSearchForm,
    UmkmLinkForm,
    UmkmProfileForm,
)
from partnerships.models import Certification, UmkmLink
from partnerships.services.umkm_profiles import (
    KBLI_SEARCH_LIMIT,
    UNLICENSABLE_KBLI_SUBCLASSES,
    KbliChoiceError,
    kbli_search,
    umkm_certification_create,
    umkm_certification_delete,
    umkm_certification_update,
    umkm_kbli_add,
    umkm_kbli_remove,
    umkm_link_add,
    umkm_link_remove,
    umkm_profile_save,
)
from partnerships.views import products


@umkm_owner_required
def profile_edit(request):
    umkm = find_own_umkm(request.user)
    if is_refresh(request):
        # The no-JavaScript "show regencies" button: same form, typed data kept, no errors.
        form = form_with_typed_data(UmkmProfileForm, request.POST, instance=umkm)
    elif request.method == "POST":
        form = UmkmProfileForm(request.POST, instance=umkm)
        if form.is_valid():
            was_verified = umkm is not None and umkm.is_verified
            try:
                saved = umkm_profile_save(
                    owner=request.user,
                    umkm=umkm,
                    data=form.profile_data(),
                    npwp_check_overridden=form.npwp_check_overridden,
                )
            except IntegrityError:
                # Someone registered the same NIB between the check and the save.
                form.add_error("nib", _("This NIB is already registered on the portal."))
            else:
                if was_verified and not saved.is_verified:
                    messages.warning(
                        request,
                        _(
                            "Saved. Because the NIB, business name or legal form changed, "
                            "officials will verify your profile again."
                        ),
                    )
                else:
                    messages.success(request, _("Your business profile was saved."))
                return redirect("umkm_profile_edit")
    else:
        form = UmkmProfileForm(
            instance=umkm,
            initial=None
            if umkm
            else {"owner_name": request.user.name, "email": request.user.email},
        )
    size = umkm.size if umkm else None
    return render(
        request,
        "partnerships/umkm/profile_form.html",
        {
            "umkm": umkm,
            "form": form,
            "size": size,
            "size_text": describe_classification(size) if size else "",
        },
    )


@own_umkm_required
def kbli(request, umkm):
    if request.method == "POST":
        code = request.POST.get("code", "")
        if request.POST.get("action") == "remove":
            umkm_kbli_remove(umkm=umkm, code=code)
            messages.success(request, _("KBLI %(code)s was removed.") % {"code": code[:5]})
        else:
            try:
                chosen = umkm_kbli_add(umkm=umkm, code=code)
            except KbliChoiceError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("KBLI %(code)s was added.") % {"code": chosen.code})
        # Back to the same search, so the owner can add the next code from the same list.
        query = request.POST.get("q", "").strip()[:100]
        return redirect(f"{request.path}?{urlencode({'q': query})}" if query else request.path)
    search = KbliSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    matched, results = kbli_search(query)
    chosen = list(umkm.kbli_codes.order_by("code"))
    return render(
        request,
        "partnerships/umkm/kbli.html",
        {
            "umkm": umkm,
            "search": search,
            "query": query,
            "matched": matched,
            "results": results,
            "limit": KBLI_SEARCH_LIMIT,
            "chosen": chosen,
            "chosen_codes": {code.code for code in chosen},
            "unlicensable": sorted(UNLICENSABLE_KBLI_SUBCLASSES),
        },
    )


@own_umkm_required
def certifications(request, umkm):
    if request.method == "POST":
        form = CertificationForm(request.POST, umkm=umkm)
        if form.is_valid():
            umkm_certification_create(umkm=umkm, data=form.cleaned_data)
            messages.success(request, _("The certificate was added."))
            return redirect("umkm_certifications")
    else:
        form = CertificationForm(umkm=umkm)
    return render(
        request,
        "partnerships/umkm/certifications.html",
        {"umkm": umkm, "form": form, "certifications": list(umkm.certifications.all())},
    )


def _own_certification(user, pk: int) -> Certification:
    return get_object_or_404(Certification.objects.select_related("umkm"), pk=pk, umkm__owner=user)


@umkm_owner_required
def certification_edit(request, pk: int):
    certification = _own_certification(request.user, pk)
    umkm = certification.umkm
    if request.method == "POST":
        form = CertificationForm(request.POST, instance=certification, umkm=umkm)
        if form.is_valid():
            umkm_certification_update(certification=certification, data=form.cleaned_data)
            messages.success(request, _("The certificate was saved."))
            return redirect("umkm_certifications")
    else:
        form = CertificationForm(instance=certification, umkm=umkm)
    return render(
        request,
        "partnerships/umkm/certification_form.html",
        {"umkm": umkm, "form": form, "certification": certification},
    )


@umkm_owner_required
@require_POST
def certification_delete(request, pk: int):
    certification = _own_certification(request.user, pk)
    umkm_certification_delete(certification=certification)
    messages.success(request, _("The certificate was removed."))
    return redirect("umkm_certifications")


@own_umkm_required
def links(request, umkm):
    if request.method == "POST":
        form = UmkmLinkForm(request.POST, umkm=umkm)
        if form.is_valid():
            umkm_link_add(umkm=umkm, kind=form.cleaned_data["kind"], url=form.cleaned_data["url"])
            messages.success(request, _("The link was added."))
            return redirect("umkm_links")
    else:
        form = UmkmLinkForm(umkm=umkm)
    return render(
        request,
        "partnerships/umkm/links.html",
        {"umkm": umkm, "form": form, "links": list(umkm.links.all())},
    )


@umkm_owner_required
@require_POST
def link_delete(request, pk: int):
    link = get_object_or_404(UmkmLink, pk=pk, umkm__owner=request.user)
    umkm_link_remove(link=link)
    messages.success(request, _("The link was removed."))
    return redirect("umkm_links")


urlpatterns = [
    path("profile/", profile_edit, name="umkm_profile_edit"),
    path("kbli/", kbli, name="umkm_kbli"),
    path("certifications/", certifications, name="umkm_certifications"),
    path("certifications/<int:pk>/edit/", certification_edit, name="umkm_certification_edit"),
    path(
        "certifications/<int:pk>/delete/",
        certification_delete,
        name="umkm_certification_delete",
    ),
    path("links/", links, name="umkm_links"),
    path("links/<int:pk>/delete/", link_delete, name="umkm_link_delete"),
    path("products/", products.product_list, name="umkm_products"),
    path("products/add/", products.product_add, name="umkm_product_add"),
    path("products/<int:pk>/edit/", products.product_edit, name="umkm_product_edit"),
    path("products/<int:pk>/delete/", products.product_delete_view, name="umkm_product_delete"),
]
