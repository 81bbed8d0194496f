"""The administrator's pages of the area, one module per part."""

from eduguard.outreach import admin_volunteers  # noqa: F401
