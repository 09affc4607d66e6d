"""Page weight on a phone's first visit: the home page and the directory each transfer at most
200 KB (compressed, as the bytes cross the network) with an empty cache, and product photos
come as small WebP thumbnails that the browser loads lazily."""

import pytest

from tests.quality.checks import FIRST_VISIT_BUDGET, first_visit_transfers
from tests.quality.conftest import WEIGHTS

PAGES = {"home": "/", "directory": "/umkm/", "directory, filtered": "/umkm/?province=32&kbli=10"}
# The largest side of a thumbnail (partnerships/photos.py) and the most one may weigh.
THUMBNAIL_SIDE, THUMBNAIL_BYTES = 400, 40 * 1024


@pytest.mark.parametrize("name", list(PAGES))
def test_a_first_visit_on_a_phone_transfers_at_most_200_kb(name, contexts):
    context = contexts.new_context("anonymous", "phone")
    try:
        transfers = first_visit_transfers(context.new_page(), PAGES[name])
    finally:
        context.close()
    total = sum(transfer.bytes for transfer in transfers)
    listing = "\n".join(
        f"{transfer.bytes:>8} {transfer.content_type:<24} {transfer.url}" for transfer in transfers
    )
    WEIGHTS[PAGES[name]] = (total, len(transfers))
    assert total <= FIRST_VISIT_BUDGET, f"{total} bytes:\n{listing}"
    assert any("bootstrap" in transfer.url for transfer in transfers), listing


PRODUCT_IMAGES = """() => Array.from(document.querySelectorAll("main img"))
    .filter(image => image.getAttribute("src").includes("/products/"))
    .map(image => ({
        src: image.getAttribute("src"),
        loading: image.getAttribute("loading"),
        width: image.getAttribute("width"),
        height: image.getAttribute("height"),
    }))"""


def test_product_photos_are_lazy_webp_thumbnails_of_a_few_kilobytes(contexts, quality_server):
    page = contexts.page("anonymous", "phone")
    images = []
    for path in ("/", "/umkm/?q=keripik", f"/umkm/{quality_server.ids['umkm']}/"):
        page.goto(path)
        images += page.evaluate(PRODUCT_IMAGES)
    assert images, "the demo shows no product photo on the public pages"
    for image in images:
        assert "/thumbnail/" in image["src"], image
        assert image["loading"] == "lazy", image
        assert image["width"], image
        assert image["height"], image
        response = page.request.get(image["src"], headers={"Accept": "image/webp,image/*"})
        assert response.headers["content-type"] == "image/webp", image
        assert len(response.body()) <= THUMBNAIL_BYTES, image
        size = page.evaluate(
            """async src => { const image = new Image(); image.src = src; await image.decode();
                return [image.naturalWidth, image.naturalHeight]; }""",
            image["src"],
        )
        assert max(size) <= THUMBNAIL_SIDE, (image, size)
