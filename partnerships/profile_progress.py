"""The steps that lead a person through their profile, as plain data the dashboard shows.

Pure functions over counts, so "what is left to do" is decided in one place and tested
without a database.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Step:
    key: str
    title: str | Promise
    help: str | Promise
    url_name: str
    done: bool
    required: bool = True


@dataclass(frozen=True)
class Progress:
    steps: tuple[Step, ...]

    @property
    def missing(self) -> tuple[Step, ...]:
        return tuple(step for step in self.steps if step.required and not step.done)

    @property
    def is_complete(self) -> bool:
        return not self.missing

    @property
    def next_step(self) -> Step | None:
        return next(iter(self.missing), None)

    @property
    def done_count(self) -> int:
        return sum(step.done for step in self.steps if step.required)

    @property
    def required_count(self) -> int:
        return sum(step.required for step in self.steps)


def umkm_progress(
    *,
    has_profile: bool,
    kbli_count: int,
    product_count: int,
    certification_count: int,
    link_count: int,
) -> Progress:
    return Progress(
        (
            Step(
                "profile",
                _("Business profile"),
                _("Name, NIB, owner and contacts, location, capital and sales."),
                "umkm_profile_edit",
                has_profile,
            ),
            Step(
                "kbli",
                _("Line of business (KBLI)"),
                _("At least one KBLI 2020 code, as on your NIB."),
                "umkm_kbli",
                has_profile and kbli_count > 0,
            ),
            Step(
                "products",
                _("Products or services"),
                _("At least one thing you make or do, with its capacity; a photo helps."),
                "umkm_products",
                has_profile and product_count > 0,
            ),
            Step(
                "certifications",
                _("Certifications"),
                _("Halal, SNI, BPOM, PIRT, ISO 9001 and others, if you have them."),
                "umkm_certifications",
                has_profile and certification_count > 0,
                required=False,
            ),
            Step(
                "links",
                _("Shop and website links"),
                _("Where buyers can already find you online, if anywhere."),
                "umkm_links",
                has_profile and link_count > 0,
                required=False,
            ),
        )
    )


def firm_progress(*, has_profile: bool, sector_count: int, location_count: int) -> Progress:
    return Progress(
        (
            Step(
                "profile",
                _("Company profile"),
                _("Name, PMA or PMDN, NIB, NPWP, size and description."),
                "firm_profile_edit",
                has_profile,
            ),
            Step(
                "sectors",
                _("Sectors (KBLI)"),
                _("The KBLI 2020 lines of business the firm works in."),
                "firm_sectors",
                has_profile and sector_count > 0,
            ),
            Step(
                "locations",
                _("Operating locations"),
                _("Regencies and cities of your plants and projects: UMKM nearby come first."),
                "firm_locations",
                has_profile and location_count > 0,
            ),
            Step(
                "representatives",
                _("Colleagues"),
                _("Invite the colleagues who will also act for the firm."),
                "firm_representatives",
                has_profile,
                required=False,
            ),
        )
    )
