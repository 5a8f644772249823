"""Listings: submission, editing, review, lifecycle, search and pages."""
