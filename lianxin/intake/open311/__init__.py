"""Open311 GeoReport v2 at /open311/v2/: the spec's resources over Lianxin's categories and cases.

`spec` maps Lianxin onto the spec's fields, `rendering` writes them as XML or JSON, `forms` reads
what a client sends, `views` are the endpoints. The writes and reads are in intake.services.open311.
"""
