"""Migrations 0007, 0009, 0012 and 0014 give every fresh database the officials' groups with
exact permissions (0009 adds the matchmaking models', 0012 the sessions', 0014 the
commitments')."""

from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group

from partnerships.officials import GROUP_NAMES, OfficialRole

pytestmark = pytest.mark.django_db

REFERENCE = {
    "partnerships.view_kblicode",
    "partnerships.view_province",
    "partnerships.view_regency",
}
DOMAIN = [
    "umkm",
    "certification",
    "umkmlink",
    "product",
    "firm",
    "firmrepresentative",
    "firminvitation",
    "need",
    "requiredcertification",
    "claimcode",
    "duplicatecandidate",
    "reminder",
    "officialprovince",
]
HISTORICAL = ["historicalumkm", "historicalfirm", "historicalneed", "historicalduplicatecandidate"]
# Migration 0009: interests and matches are domain records; the programme settings are one
# row that central officials change and nobody adds or deletes.
MATCHMAKING = ["interest", "match"]
# Migration 0012: bridging sessions, their invitations and meetings, and the sessions' history.
SESSIONS = ["bridgingsession", "sessioninvitation", "meeting"]
SESSIONS_HISTORY = {"partnerships.view_historicalbridgingsession"}
# Migration 0014: commitments and their realisation reports are recorded (central officials
# may also correct the naik-kelas records); follow-ups and ratings are the parties' own.
COMMITMENTS = ["commitment", "realisationreport"]
COMMITMENTS_FOLLOWED = ["commitmentfollowup", "partnershiprating", "sizeclasschange"]
COMMITMENTS_HISTORY = {
    "partnerships.view_historicalcommitment",
    "partnerships.view_historicalrealisationreport",
    "partnerships.view_historicalpartnershiprating",
    "partnerships.view_historicalsizeclasschange",
}
SETTINGS_CHANGE_VIEW = {
    "partnerships.change_programmesettings",
    "partnerships.view_programmesettings",
}


def permissions_of(role: str) -> set[str]:
    group = Group.objects.get(name=GROUP_NAMES[role])
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


def test_the_three_groups_exist():
    assert set(Group.objects.values_list("name", flat=True)) >= set(GROUP_NAMES.values())


def test_a_central_official_may_do_everything_on_the_domain_but_only_view_reference_data():
    expected = {
        f"partnerships.{action}_{model}"
        for model in DOMAIN + MATCHMAKING + SESSIONS + COMMITMENTS + ["sizeclasschange"]
        for action in ("add", "change", "delete", "view")
    }
    expected |= {"partnerships.view_commitmentfollowup", "partnerships.view_partnershiprating"}
    expected |= COMMITMENTS_HISTORY
    expected |= SETTINGS_CHANGE_VIEW
    expected |= SESSIONS_HISTORY
    expected |= REFERENCE
    expected |= {f"partnerships.view_{model}" for model in HISTORICAL}
    expected |= {"accounts.add_user", "accounts.change_user", "accounts.view_user"}
    assert permissions_of(OfficialRole.CENTRAL) == expected


def test_a_regional_official_views_and_changes_but_never_deletes():
    changes = [
        "umkm",
        "certification",
        "umkmlink",
        "product",
        "firm",
        "firmrepresentative",
        "need",
        "requiredcertification",
        "duplicatecandidate",
    ]
    expected = {
        f"partnerships.{action}_{model}" for model in changes for action in ("change", "view")
    }
    expected |= {
        "partnerships.add_umkm",
        "partnerships.add_certification",
        "partnerships.add_umkmlink",
        "partnerships.add_claimcode",
        "partnerships.view_claimcode",
        "partnerships.add_reminder",
        "partnerships.view_reminder",
        # They read interests, and take a match of their provinces out of the queue.
        "partnerships.view_interest",
        "partnerships.change_match",
        "partnerships.view_match",
    }
    # They run the sessions of their provinces: plan, open, build, record; never delete.
    expected |= {
        f"partnerships.{action}_{model}"
        for model in SESSIONS
        for action in ("add", "change", "view")
    }
    expected |= SESSIONS_HISTORY
    # They record and follow up the commitments of their provinces; never delete.
    expected |= {
        f"partnerships.{action}_{model}"
        for model in COMMITMENTS
        for action in ("add", "change", "view")
    }
    expected |= {f"partnerships.view_{model}" for model in COMMITMENTS_FOLLOWED}
    expected |= COMMITMENTS_HISTORY
    expected |= REFERENCE
    perms = permissions_of(OfficialRole.REGIONAL)
    assert perms == expected
    assert not any(p.startswith("accounts.") or ".delete_" in p for p in perms)
    # The national settings are not theirs; they never answer or send interest for a party.
    assert not any(p.endswith("_programmesettings") for p in perms)
    assert not {"partnerships.add_interest", "partnerships.change_interest"} & perms


def test_an_auditor_only_views():
    expected = {
        f"partnerships.view_{model}"
        for model in DOMAIN
        + HISTORICAL
        + MATCHMAKING
        + SESSIONS
        + COMMITMENTS
        + COMMITMENTS_FOLLOWED
        + ["programmesettings"]
    }
    expected |= SESSIONS_HISTORY
    expected |= COMMITMENTS_HISTORY
    expected |= REFERENCE
    assert permissions_of(OfficialRole.AUDITOR) == expected


def test_the_migration_can_be_undone_and_redone():
    migration = import_module("partnerships.migrations.0007_official_roles")
    migration.remove_groups(django_apps, None)
    assert not Group.objects.filter(name__in=GROUP_NAMES.values()).exists()
    migration.create_groups(django_apps, None)
    assert permissions_of(OfficialRole.AUDITOR)
    assert Group.objects.filter(name__in=GROUP_NAMES.values()).count() == 3


def test_nobody_may_add_or_delete_the_programme_settings():
    for role in OfficialRole:
        perms = permissions_of(role)
        assert "partnerships.add_programmesettings" not in perms
        assert "partnerships.delete_programmesettings" not in perms


def test_the_matchmaking_permissions_can_be_undone_and_redone():
    migration = import_module("partnerships.migrations.0009_matchmaking_roles")
    before = {role: permissions_of(role) for role in OfficialRole}
    migration.revoke(django_apps, None)
    for role in OfficialRole:
        left = permissions_of(role)
        assert not any(p.endswith(("_interest", "_match", "_programmesettings")) for p in left), (
            role
        )
        # Undoing 0009 leaves 0007's permissions as they were.
        assert left == {
            p for p in before[role] if not p.endswith(("_interest", "_match", "_programmesettings"))
        }
    migration.grant(django_apps, None)
    assert {role: permissions_of(role) for role in OfficialRole} == before
    # Granting twice changes nothing.
    migration.grant(django_apps, None)
    assert {role: permissions_of(role) for role in OfficialRole} == before


def test_the_session_permissions_can_be_undone_and_redone():
    migration = import_module("partnerships.migrations.0012_session_roles")
    session_models = ("bridgingsession", "_sessioninvitation", "_meeting")
    before = {role: permissions_of(role) for role in OfficialRole}
    migration.revoke(django_apps, None)
    for role in OfficialRole:
        assert permissions_of(role) == {p for p in before[role] if not p.endswith(session_models)}
    migration.grant(django_apps, None)
    migration.grant(django_apps, None)
    assert {role: permissions_of(role) for role in OfficialRole} == before


def test_the_commitment_permissions_can_be_undone_and_redone():
    migration = import_module("partnerships.migrations.0014_commitment_roles")
    commitment_models = tuple(f"_{model}" for model in COMMITMENTS + COMMITMENTS_FOLLOWED) + tuple(
        p.rsplit(".view", 1)[1] for p in COMMITMENTS_HISTORY
    )
    before = {role: permissions_of(role) for role in OfficialRole}
    migration.revoke(django_apps, None)
    for role in OfficialRole:
        assert permissions_of(role) == {
            p for p in before[role] if not p.endswith(commitment_models)
        }
    migration.grant(django_apps, None)
    migration.grant(django_apps, None)
    assert {role: permissions_of(role) for role in OfficialRole} == before
