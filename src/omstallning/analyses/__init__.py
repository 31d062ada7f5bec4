"""Analyses: pure functions from the model to report data (stats, links, diff, document)."""
