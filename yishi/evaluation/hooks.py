"""What the evaluation app adds to the front pages: the designation badge on a community's public page.

A designated community shows its badge; a community of a designated street shows the street's (there is no public
page of a street: its communities carry it).
"""

from typing import Any

from yishi.web.public_sections import PublicSection
from yishi.web.public_sections import register as register_section


def designation_section(community: Any) -> list[PublicSection]:
    """The published designations of the community and of its street, as badges linking to their cases."""
    from yishi.evaluation.designation_queries import published_designations_for

    designations = published_designations_for(community)
    if not designations:
        return []
    return [
        PublicSection(
            template_name="evaluation/_designation_badge.html",
            context={"designations": designations},
            order=5,
        )
    ]


def register() -> None:
    """Register the providers with the front pages (called from AppConfig.ready)."""
    register_section(designation_section)
