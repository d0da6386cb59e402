"""Pages of the proposals app: they parse the request, call one selector or service, and render."""
