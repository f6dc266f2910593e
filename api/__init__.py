"""Desk backend: one folder per domain (models, schemas, service, router)."""
