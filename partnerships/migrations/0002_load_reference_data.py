"""Loads the reference data shipped in partnerships/reference_data/ (sources in its README).

Provinces and regencies follow Kepmendagri 300.2.2-2138/2025; KBLI 2020 is BPS's classification
at all five levels. The files are read here, not through app code, so this migration keeps
meaning what it meant when it was written.
"""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "reference_data"
LEVELS = ("section", "division", "group", "class", "subclass")


def rows(name):
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_regions(apps, schema_editor):
    Province = apps.get_model("partnerships", "Province")
    Regency = apps.get_model("partnerships", "Regency")
    Province.objects.bulk_create(
        Province(code=row["code"], name=row["name"]) for row in rows("provinces.csv")
    )
    province_ids = dict(Province.objects.values_list("code", "id"))
    Regency.objects.bulk_create(
        (
            Regency(
                code=row["code"],
                province_id=province_ids[row["province_code"]],
                name=row["name"],
                kind=row["kind"],
            )
            for row in rows("regencies.csv")
        ),
        batch_size=500,
    )


def load_kbli(apps, schema_editor):
    KbliCode = apps.get_model("partnerships", "KbliCode")
    entries = rows("kbli2020.csv")
    section_of = {}
    for row in entries:  # depth-first order: a parent always comes before its children
        section_of[row["code"]] = section_of.get(row["parent_code"], row["code"])
    ids = {}
    # Level by level, so each parent has its id before its children are written.
    for level in LEVELS:
        KbliCode.objects.bulk_create(
            (
                KbliCode(
                    version="2020",
                    code=row["code"],
                    level=level,
                    title_id=row["title_id"],
                    title_en=row["title_en"],
                    parent_id=ids.get(row["parent_code"]),
                    section=section_of[row["code"]],
                )
                for row in entries
                if row["level"] == level
            ),
            batch_size=500,
        )
        ids.update(KbliCode.objects.filter(version="2020", level=level).values_list("code", "id"))


def unload_regions(apps, schema_editor):
    apps.get_model("partnerships", "Regency").objects.all().delete()
    apps.get_model("partnerships", "Province").objects.all().delete()


def unload_kbli(apps, schema_editor):
    KbliCode = apps.get_model("partnerships", "KbliCode")
    for level in reversed(LEVELS):
        KbliCode.objects.filter(version="2020", level=level).delete()


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0001_initial")]

    operations = [
        migrations.RunPython(load_regions, unload_regions),
        migrations.RunPython(load_kbli, unload_kbli),
    ]
