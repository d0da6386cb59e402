"""Lianxin (连心桥): one ledger for everything workers raise with their union."""
