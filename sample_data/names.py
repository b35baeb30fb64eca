"""Made-up programs and staff names (no real organisation or person)."""

from __future__ import annotations

from dataclasses import dataclass

REFERRALS = ("self", "treatment_provider", "hospital_ed", "criminal_justice", "community", "other")


@dataclass(frozen=True)
class ProgramProfile:
    program_id: str
    name: str
    region: str
    funder: str
    share: float  # relative size
    referral_mix: tuple[float, ...]  # over REFERRALS


PROGRAM_PROFILES = (
    ProgramProfile("harbor", "Harbor Recovery Community Center", "Coastal",
                   "State Opioid Response", 0.27, (0.35, 0.25, 0.10, 0.08, 0.17, 0.05)),
    ProgramProfile("northside", "Northside Peer Recovery Services", "Metro North",
                   "County Behavioral Health", 0.23, (0.30, 0.35, 0.10, 0.07, 0.13, 0.05)),
    ProgramProfile("riverbend-ed", "Riverbend ED Bridge", "Metro South",
                   "State Opioid Response", 0.20, (0.05, 0.10, 0.72, 0.05, 0.05, 0.03)),
    ProgramProfile("mesa", "Mesa Recovery Coaching", "Central",
                   "Community Foundation", 0.16, (0.40, 0.20, 0.08, 0.07, 0.20, 0.05)),
    ProgramProfile("lakeshore-reentry", "Lakeshore Re-entry Peer Support", "Coastal",
                   "Justice Reinvestment Fund", 0.14, (0.08, 0.10, 0.04, 0.68, 0.07, 0.03)),
    ProgramProfile("pine-ridge", "Pine Ridge Rural Outreach", "Rural East",
                   "Rural Health Network", 0.025, (0.30, 0.25, 0.15, 0.10, 0.15, 0.05)),
)

_REGIONS = ("Coastal", "Metro North", "Metro South", "Central", "Rural East", "Rural West")
_FUNDERS = ("State Opioid Response", "County Behavioral Health", "Community Foundation",
            "Rural Health Network")


def generic_profile(i: int) -> ProgramProfile:
    """A numbered program for the benchmark scales, shaped like one of the six defaults."""
    base = PROGRAM_PROFILES[i % 6]
    return ProgramProfile(
        f"prog-{i + 1:04d}", f"Peer Recovery Program {i + 1:04d}", _REGIONS[i % len(_REGIONS)],
        _FUNDERS[(i // 6) % len(_FUNDERS)], base.share, base.referral_mix,
    )


FIRST_NAMES = (
    "Alex", "Maria", "Jamal", "Dana", "Luis", "Keisha", "Tom", "Priya", "Sam", "Rosa", "Devon",
    "Angela", "Marcus", "Lena", "Chris", "Tanya", "Omar", "Grace", "Eli", "Monique", "Ray",
    "Jess", "Andre", "Carmen", "Nate", "Brenda", "Kofi", "Holly", "Victor", "Shawna", "Mike",
    "Tara", "Hector", "Nina", "Wes", "Latoya", "Joel", "Ivy", "Curtis", "Yolanda",
)
LAST_INITIALS = tuple("ABCDEFGHJKLMNOPRSTVWY")
