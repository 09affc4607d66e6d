"""An UMKM owner's products (under /dashboard/umkm/products/) and the photo-serving URLs.

Photos have no public /media/ URL: they are streamed here to whoever may see the UMKM, so
the photos of an unverified business stay as private as the business itself.
"""

from django.contrib import messages
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from partnerships.access import own_umkm_required, umkm_owner_required
from partnerships.forms.products import ProductForm
from partnerships.models import Product, Umkm, VerificationState
from partnerships.photos import content_type_for
from partnerships.services.products import product_create, product_delete, product_update

# A verified UMKM's photos are public: browsers and proxies may keep them for a day (the
# pages add ?v=<last change> so a replaced photo shows at once).
PUBLIC_PHOTO_MAX_AGE = 86_400


def _own_product(user, pk: int) -> Product:
    # Looked up through the owner, so another owner's product is simply not there (404).
    return get_object_or_404(Product.objects.select_related("umkm"), pk=pk, umkm__owner=user)


@own_umkm_required
def product_list(request, umkm):
    products = list(umkm.products.all())
    return render(request, "partnerships/umkm/products.html", {"umkm": umkm, "products": products})


@own_umkm_required
def product_add(request, umkm):
    form = ProductForm(request.POST, request.FILES) if request.method == "POST" else ProductForm()
    if form.is_bound and form.is_valid():
        product = product_create(umkm=umkm, data=form.product_data(), photo=form.processed_photo)
        messages.success(request, _("“%(name)s” was added.") % {"name": product.name})
        return redirect("umkm_products")
    return render(
        request,
        "partnerships/umkm/product_form.html",
        {"umkm": umkm, "form": form, "product": None},
    )


@umkm_owner_required
def product_edit(request, pk: int):
    product = _own_product(request.user, pk)
    if request.method == "POST":
        form = ProductForm(request.POST, request.FILES, instance=product)
    else:
        form = ProductForm(instance=product)
    if form.is_bound and form.is_valid():
        product_update(
            product=product,
            data=form.product_data(),
            photo=form.processed_photo,
            remove_photo=form.cleaned_data.get("remove_photo", False),
        )
        messages.success(request, _("“%(name)s” was saved.") % {"name": product.name})
        return redirect("umkm_products")
    return render(
        request,
        "partnerships/umkm/product_form.html",
        {"umkm": product.umkm, "form": form, "product": product},
    )


@umkm_owner_required
def product_delete_view(request, pk: int):
    product = _own_product(request.user, pk)
    if request.method == "POST":
        product_delete(product=product)
        messages.success(request, _("“%(name)s” was removed.") % {"name": product.name})
        return redirect("umkm_products")
    return render(
        request,
        "partnerships/umkm/product_confirm_delete.html",
        {"umkm": product.umkm, "product": product},
    )


def _visible_product(user, pk: int) -> Product:
    visible = Umkm.objects.visible_to(user)
    return get_object_or_404(
        Product.objects.filter(Q(umkm__in=visible.values("pk"))).select_related("umkm"), pk=pk
    )


def _serve(request, pk: int, field: str):
    product = _visible_product(request.user, pk)
    stored = getattr(product, field)
    if not stored:
        raise Http404("No photo.")
    try:
        handle = stored.storage.open(stored.name, "rb")
    except OSError:
        raise Http404("The photo file is missing.") from None
    response = FileResponse(handle, content_type=content_type_for(stored.name))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    if product.umkm.verification_state == VerificationState.VERIFIED:
        response["Cache-Control"] = f"public, max-age={PUBLIC_PHOTO_MAX_AGE}"
    else:
        response["Cache-Control"] = "private, no-cache"
    return response


@require_safe
def product_photo(request, pk: int):
    return _serve(request, pk, "photo")


@require_safe
def product_thumbnail(request, pk: int):
    return _serve(request, pk, "thumbnail")


urlpatterns = [
    path("products/<int:pk>/photo/", product_photo, name="product_photo"),
    path("products/<int:pk>/thumbnail/", product_thumbnail, name="product_thumbnail"),
]
