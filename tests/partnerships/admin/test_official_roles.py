"""The permission matrix: each kind of person x each admin page and action of the domain.

The records live in Jawa Barat (32). A regional official of Jawa Barat works on them; one of
Jawa Tengah (33) meets a 404 wherever they would see one; an auditor reads and changes nothing;
a staff member with no role sees nothing; a person who is not staff is sent to sign in.
"""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from partnerships.models import Firm, InterestState, Match, QueueState, Umkm, VerificationState
from partnerships.officials import OfficialRole
from tests.partnerships.factories import make_official, make_user
from tests.partnerships.factories_officials import make_records
from tests.partnerships.factories_queue import make_interest, make_match

pytestmark = pytest.mark.django_db

ROLES = ["central", "regional", "regional_elsewhere", "auditor", "staff", "not_staff"]
MODELS = [
    "umkm",
    "product",
    "certification",
    "umkmlink",
    "firm",
    "firmrepresentative",
    "firminvitation",
    "need",
    "interest",
    "match",
]
OBJECT_PAGES = ["change", "delete", "history"]

# What each role's group allows, per model (the exact lists are migrations 0007's and 0009's).
REGIONAL_CHANGES = {
    "umkm",
    "product",
    "certification",
    "umkmlink",
    "firm",
    "firmrepresentative",
    "need",
    "match",
}
REGIONAL_VIEWS = REGIONAL_CHANGES | {"interest"}
REGIONAL_ADDS = {"umkm", "certification", "umkmlink"}
# What no one does in the admin: invitations are sent on the site, needs posted by firms,
# interests sent and matches made by the parties.
NOBODY_ADDS = {"firminvitation", "need", "interest", "match"}
# Interests and matches are the record of what the parties did: nobody deletes them here.
NOBODY_DELETES = {"interest", "match"}


def person(role: str):
    if role == "central":
        return make_official(OfficialRole.CENTRAL)
    if role == "regional":
        return make_official(OfficialRole.REGIONAL, provinces=["32"])
    if role == "regional_elsewhere":
        return make_official(OfficialRole.REGIONAL, provinces=["33"])
    if role == "auditor":
        return make_official(OfficialRole.AUDITOR)
    if role == "staff":
        return make_user(is_staff=True)
    return make_user()


def may_view(role: str, model: str) -> bool:
    if role in ("central", "auditor"):
        return True
    return role.startswith("regional") and model in REGIONAL_VIEWS


def may_add(role: str, model: str) -> bool:
    if model in NOBODY_ADDS:
        return False
    return role == "central" or (role.startswith("regional") and model in REGIONAL_ADDS)


def expected_status(role: str, model: str, page: str) -> int:
    if role == "not_staff":
        return 302  # to the admin's sign-in page
    if page == "changelist":
        return 200 if may_view(role, model) else 403
    if page == "add":
        return 200 if may_add(role, model) else 403
    if role in ("regional_elsewhere", "staff"):
        return 404  # not in their scope (a staff member without a role has none)
    if page == "delete":
        return 200 if role == "central" and model not in NOBODY_DELETES else 403
    return 200 if may_view(role, model) else 403


def url(model: str, page: str, obj=None) -> str:
    name = f"admin:partnerships_{model}_{page}"
    return reverse(name) if obj is None else reverse(name, args=[obj.pk])


@pytest.fixture
def records():
    made = make_records()
    match = make_match(made.umkm, made.firm)
    interest = make_interest(made.umkm, made.firm, state=InterestState.ACCEPTED, match=match)
    return {**made.by_model(), "match": match, "interest": interest}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", MODELS)
def test_the_list_and_add_pages(client, records, role, model):
    client.force_login(person(role))
    for page in ("changelist", "add"):
        response = client.get(url(model, page))
        assert response.status_code == expected_status(role, model, page), page
        if response.status_code == 302:
            assert response.url.startswith(reverse("admin:login"))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", MODELS)
def test_the_pages_of_one_record(client, records, role, model):
    client.force_login(person(role))
    for page in OBJECT_PAGES:
        response = client.get(url(model, page, records[model]))
        assert response.status_code == expected_status(role, model, page), page


@pytest.mark.parametrize("role", ["regional_elsewhere", "auditor", "staff", "not_staff"])
@pytest.mark.parametrize("model", ["umkm", "firm", "product", "need", "interest", "match"])
def test_a_refused_post_changes_and_deletes_nothing(client, records, role, model):
    record = records[model]
    before = type(record).objects.values().get(pk=record.pk)
    client.force_login(person(role))
    changed = client.post(url(model, "change", record), {"name": "X", "title": "X"})
    deleted = client.post(url(model, "delete", record), {"post": "yes"})
    expected = {"regional_elsewhere": 404, "auditor": 403, "staff": 404, "not_staff": 302}[role]
    assert changed.status_code == expected
    assert deleted.status_code == expected
    assert type(record).objects.values().get(pk=record.pk) == before


@pytest.mark.parametrize("role", ["regional", "regional_elsewhere", "auditor", "staff"])
def test_history_versions_cannot_be_posted_back(client, records, role):
    umkm = records["umkm"]
    version = umkm.history.latest()
    client.force_login(person(role))
    response = client.post(
        reverse("admin:partnerships_umkm_simple_history", args=[umkm.pk, version.history_id]),
        {"name": "Reverted"},
    )
    assert response.status_code == 403
    umkm.refresh_from_db()
    assert umkm.name != "Reverted"


# --- the actions -------------------------------------------------------------------------

ACTION_STATUS = {
    # verify/reject need the change permission, delete the delete permission.
    "verify_selected": {
        "central": 302,
        "regional": 302,
        "regional_elsewhere": 404,
        "auditor": 403,
        "staff": 403,
        "not_staff": 302,
    },
    "reject_selected": {
        "central": 200,  # the page that asks for the reason
        "regional": 200,
        "regional_elsewhere": 404,
        "auditor": 403,
        "staff": 403,
        "not_staff": 302,
    },
    "delete_selected": {
        "central": 200,  # the confirmation page
        "regional": 403,
        "regional_elsewhere": 403,
        "auditor": 403,
        "staff": 403,
        "not_staff": 302,
    },
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTION_STATUS))
@pytest.mark.parametrize("model", ["umkm", "firm"])
def test_the_actions(client, records, role, action, model):
    profile = records[model]
    client.force_login(person(role))
    response = client.post(
        url(model, "changelist"), {"action": action, ACTION_CHECKBOX_NAME: [profile.pk]}
    )
    assert response.status_code == ACTION_STATUS[action][role]
    profile.refresh_from_db()
    if action == "verify_selected" and role in ("central", "regional"):
        assert profile.verification_state == VerificationState.VERIFIED
    else:
        assert profile.verification_state == VerificationState.SUBMITTED
    assert type(profile).objects.filter(pk=profile.pk).exists()


@pytest.mark.parametrize("model", ["umkm", "firm"])
def test_a_regional_official_rejects_in_their_province_with_a_reason(client, records, model):
    profile = records[model]
    client.force_login(person("regional"))
    response = client.post(
        url(model, "changelist"),
        {
            "action": "reject_selected",
            ACTION_CHECKBOX_NAME: [profile.pk],
            "post": "yes",
            "reason": "The NIB is not on the OSS.",
        },
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.verification_state == VerificationState.REJECTED


@pytest.mark.parametrize("model", ["umkm", "firm"])
def test_a_central_official_deletes_through_the_action(client, records, model):
    profile = records[model]
    client.force_login(person("central"))
    client.post(
        url(model, "changelist"),
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [profile.pk], "post": "yes"},
    )
    assert not type(profile).objects.filter(pk=profile.pk).exists()


def test_the_regional_official_of_another_province_cannot_slip_a_record_into_an_action(
    client, records
):
    mine = make_records("3374", "Semarang")
    client.force_login(person("regional_elsewhere"))
    response = client.post(
        url("umkm", "changelist"),
        {"action": "verify_selected", ACTION_CHECKBOX_NAME: [mine.umkm.pk, records["umkm"].pk]},
    )
    assert response.status_code == 404
    assert set(Umkm.objects.values_list("verification_state", flat=True)) == {
        VerificationState.SUBMITTED
    }


def test_a_nonsense_selection_is_a_404_not_a_server_error(client, records):
    client.force_login(person("regional"))
    response = client.post(
        url("firm", "changelist"),
        {"action": "verify_selected", ACTION_CHECKBOX_NAME: ["abc", "9" * 30]},
    )
    assert response.status_code == 404
    assert not Firm.objects.filter(verification_state=VerificationState.VERIFIED).exists()


# --- the queue's decisions ---------------------------------------------------------------

QUEUE_DECISION_STATUS = {
    "central": 302,
    "regional": 302,
    "regional_elsewhere": 404,
    "auditor": 403,
    "staff": 403,  # no role, so no list to act from
    "not_staff": 302,  # to the sign-in page
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("action", "state"),
    [("mark_met_directly", QueueState.MET_DIRECTLY), ("take_out_of_queue", QueueState.LEFT)],
)
def test_the_queue_actions(client, records, role, action, state):
    match = records["match"]
    client.force_login(person(role))
    response = client.post(
        url("match", "changelist"),
        {"action": action, ACTION_CHECKBOX_NAME: [match.pk], "post": "yes", "reason": "Batal"},
    )
    assert response.status_code == QUEUE_DECISION_STATUS[role]
    match.refresh_from_db()
    if role in ("central", "regional"):
        assert match.queue_state == state
    else:
        assert match.queue_state == QueueState.WAITING


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("view", "state"), [("met_directly", QueueState.MET_DIRECTLY), ("leave_queue", QueueState.LEFT)]
)
def test_the_buttons_of_a_match(client, records, role, view, state):
    match = records["match"]
    client.force_login(person(role))
    response = client.post(url("match", view, match), {"post": "yes", "reason": "Batal"})
    expected = {**QUEUE_DECISION_STATUS, "staff": 404}[role]  # an empty scope: not there
    assert response.status_code == expected
    assert Match.objects.get(pk=match.pk).queue_state == (
        state if role in ("central", "regional") else QueueState.WAITING
    )


# --- the accounts ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("central", 200),
        ("regional", 403),
        ("auditor", 403),
        ("staff", 403),
        ("not_staff", 302),
    ],
)
def test_only_central_officials_manage_accounts(client, role, status):
    client.force_login(person(role))
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == status
