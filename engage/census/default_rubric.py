"""The shipped maturity rubric, each dimension tied to an objective of the county's racial
equity strategic plan (focus areas and objectives as published by Milwaukee County, read from
``engage/demo/data/milwaukee_org_units.json``). The descriptors are the Office of Equity
team's working draft, written for this project; admins revise them as new rubric versions.
"""

from __future__ import annotations

from typing import Any

#: Names of the four maturity levels, lowest first.
LEVEL_NAMES = {1: "Emerging", 2: "Developing", 3: "Established", 4: "Leading"}

#: key, name, (focus area, objective index in that area), descriptors for levels 1-4
DIMENSIONS: tuple[tuple[str, str, tuple[str, int], tuple[str, str, str, str]], ...] = (
    (
        "leadership",
        "Leadership and accountability",
        ("Bridge the Gap", 2),
        (
            "Equity is not named in the department's goals; no one is accountable for it.",
            "Leaders speak to equity; a staff member champions it alongside other duties.",
            "Equity goals are in the department plan, with a named owner and yearly review.",
            "Leaders apply an equity lens to major decisions and report results publicly.",
        ),
    ),
    (
        "data",
        "Data and disaggregation",
        ("Invest in Equity", 0),
        (
            "Service data is not broken down by race, ethnicity or place.",
            "Some data is broken down by race or place, on request and by hand.",
            "Key measures are routinely disaggregated and reviewed for disparities.",
            "Disaggregated data drives upstream investment and is shared with the public.",
        ),
    ),
    (
        "community",
        "Community engagement",
        ("Bridge the Gap", 0),
        (
            "Residents are informed after decisions are made.",
            "Residents are consulted on some decisions, mostly through public meetings.",
            "Affected residents help shape services before decisions, and hear back.",
            "Residents share decisions with the department and co-design services.",
        ),
    ),
    (
        "workforce",
        "Workforce",
        ("Create Intentional Inclusion", 0),
        (
            "Workforce diversity is not tracked against the county's population.",
            "Diversity is tracked; recruitment reaches beyond the usual channels.",
            "Hiring, promotion and retention are reviewed for equity gaps and acted on.",
            "Staff at every level reflect the county and report an inclusive culture.",
        ),
    ),
    (
        "budgeting",
        "Budgeting and contracting",
        ("Create Intentional Inclusion", 2),
        (
            "Budget and contracting decisions are made without an equity review.",
            "Equity is considered for some budget requests; MWBE goals are known.",
            "Budget requests use an equity tool; MWBE participation is tracked and rising.",
            "Budgets shift resources to close gaps; MWBE goals are met or exceeded.",
        ),
    ),
    (
        "language",
        "Language access",
        ("Bridge the Gap", 1),
        (
            "Services and documents are offered in English only.",
            "Interpretation is available on request; few documents are translated.",
            "Vital documents are translated into Spanish and Hmong; staff know how to get "
            "interpreters.",
            "People use every service in their language without asking; access is audited.",
        ),
    ),
)


def default_dimensions(plan: dict[str, Any]) -> list[dict[str, Any]]:
    """The shipped dimensions with focus area and objective text taken from ``plan``.

    Args:
        plan: the ``strategic_plan`` object of the county reference data.

    Raises:
        KeyError or IndexError: when the plan no longer has a focus area or objective the
            rubric names (the mapping must be fixed, not silently dropped).
    """
    areas = plan["focus_areas"]
    return [
        {
            "key": key,
            "name": name,
            "focus_area": area,
            "objective": areas[area][index],
            "descriptors": {
                str(level): text for level, text in zip(LEVEL_NAMES, texts, strict=True)
            },
        }
        for key, name, (area, index), texts in DIMENSIONS
    ]
