"""The smaller admins: products, certifications, links, representatives, invitations, users."""

import pytest
from django.urls import reverse

from partnerships.models import (
    Certification,
    CertificationKind,
    FirmInvitation,
    FirmRepresentative,
    LinkKind,
    Product,
    UmkmLink,
)
from portal.accounts.models import Role, User
from tests.partnerships.admin.profiles import make_firm, make_umkm

pytestmark = pytest.mark.django_db


@pytest.fixture
def official_client(client, official):
    client.force_login(official)
    return client


def changelist(model) -> str:
    return reverse(f"admin:partnerships_{model._meta.model_name}_changelist")


def add_parts(number: int, official: User) -> None:
    umkm = make_umkm(f"UMKM {number}")
    Product.objects.create(umkm=umkm, name=f"Product {number}", unit="kg", monthly_capacity=9)
    Certification.objects.create(umkm=umkm, kind=CertificationKind.SNI, number=f"SNI-{number}")
    UmkmLink.objects.create(
        umkm=umkm, kind=LinkKind.MARKETPLACE, url=f"https://shop.test/umkm-{number}"
    )
    firm = make_firm(f"PT Nomor {number}")
    FirmInvitation.objects.create(
        firm=firm,
        email=f"colleague{number}@firm.test",
        token=f"secret-invitation-token-{number:04d}",
        invited_by=official,
    )


MODELS = [Product, Certification, UmkmLink, FirmRepresentative, FirmInvitation]


@pytest.mark.parametrize("model", MODELS)
def test_each_list_and_change_page_opens_with_the_same_queries_whatever_its_length(
    official_client, official, django_assert_num_queries, model
):
    add_parts(0, official)
    with django_assert_num_queries(5):
        official_client.get(changelist(model))
    for number in range(1, 15):
        add_parts(number, official)
    with django_assert_num_queries(5):
        response = official_client.get(changelist(model))
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 15
    first = model.objects.first()
    change = reverse(f"admin:partnerships_{model._meta.model_name}_change", args=[first.pk])
    assert official_client.get(change).status_code == 200


@pytest.mark.parametrize(
    ("model", "query", "expected"),
    [
        (Product, '"Product 2"', "Product 2"),
        (Certification, "SNI-2", "SNI-2"),
        (UmkmLink, "umkm-2", "umkm-2"),
        (FirmRepresentative, '"PT Nomor 2"', "PT Nomor 2"),
        (FirmInvitation, "colleague2@", "colleague2@firm.test"),
    ],
)
def test_each_list_is_searchable(official_client, official, model, query, expected):
    for number in range(1, 4):
        add_parts(number, official)
    response = official_client.get(changelist(model), {"q": query})
    assert response.context["cl"].result_count == 1
    assert expected in response.content.decode()


def test_invitations_are_read_only_and_hide_their_token(official_client, official):
    add_parts(1, official)
    invitation = FirmInvitation.objects.get()
    page = official_client.get(
        reverse("admin:partnerships_firminvitation_change", args=[invitation.pk])
    ).content.decode()
    assert 'name="_save"' not in page
    assert invitation.token not in page
    assert official_client.get(reverse("admin:partnerships_firminvitation_add")).status_code == 403


class TestUsers:
    def test_users_are_listed_and_filtered_by_role(self, official_client):
        make_umkm("Kopi Tanjung Pura")
        make_firm("PT Sinar Karawang Industri")
        response = official_client.get(
            reverse("admin:accounts_user_changelist"), {"role__exact": Role.UMKM_OWNER}
        )
        assert [user.role for user in response.context["cl"].result_list] == [Role.UMKM_OWNER]

    def test_the_role_is_on_the_change_form(self, official_client):
        owner = make_umkm().owner
        page = official_client.get(reverse("admin:accounts_user_change", args=[owner.pk]))
        assert 'name="role"' in page.content.decode()


def test_a_certification_added_or_deleted_here_reaches_its_umkms_row(official_client):
    """Recommendations match required certifications on ``Umkm.certified_until``."""
    umkm = make_umkm()
    response = official_client.post(
        reverse("admin:partnerships_certification_add"),
        {
            "umkm": umkm.pk,
            "kind": CertificationKind.HALAL,
            "number": "ID3211",
            "expires_on": "2027-05-31",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    umkm.refresh_from_db()
    assert umkm.certified_until == {"halal": "2027-05-31"}

    certification = Certification.objects.get(umkm=umkm)
    official_client.post(
        reverse("admin:partnerships_certification_delete", args=[certification.pk]),
        {"post": "yes"},
    )
    umkm.refresh_from_db()
    assert umkm.certified_until == {}
