"""Welfare (帮扶与保障): hardship-aid files, 送温暖 campaigns, mutual-aid plans and claims.

Built on the member registry (persons, not free-text names) and beside the ledger: an accident case
opens a mutual-aid claim through the ledger's panel hook. One package per area in models/, services/,
api/ and templates/welfare/: `hardship`, `warmth`, `mutual_aid`.
"""
