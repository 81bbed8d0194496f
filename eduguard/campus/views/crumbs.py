"""Breadcrumbs of the campus pages: the school's place in the tree, then the page."""

from eduguard.org.views import breadcrumbs, unit_url


def school_crumbs(user, school, page: str) -> list[dict]:
    """County › grid › school › page; units outside the user's scope are plain names."""
    *above, _ = breadcrumbs(user, school)
    return [*above, {"label": str(school), "url": unit_url(user, school)}, {"label": page, "url": None}]
