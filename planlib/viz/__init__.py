"""Formatting and drawing helpers for the dashboards."""
