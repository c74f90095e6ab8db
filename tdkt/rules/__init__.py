"""Eligibility engine: the law as versioned data, evaluated on plain facts. Pure Python (no Django)."""
