"""The JSON API at ``/api/v1/``: per-user bearer tokens, the same role rules as the web pages."""
