"""Curator-facing operations on the knowledge base: merging, reviewing, tagging, exporting.

Each function is called explicitly (by admin actions, commands and the importer); none hides behind signals.
"""
