"""Intake services, one module per way a case arrives (receipts are shared by all of them)."""
