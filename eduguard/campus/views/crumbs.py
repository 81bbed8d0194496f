"""Breadcrumbs of the campus pages: the school's place in the tree, then the page."""

from eduguard.org.views import school_crumbs

__all__ = ["school_crumbs"]
