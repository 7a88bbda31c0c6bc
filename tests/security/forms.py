"""Find the fields of the forms that post to a URL, by reading the pages that show them."""

from __future__ import annotations

from collections import defaultdict
from html.parser import HTMLParser
from typing import Any

from flask import Flask
from werkzeug.exceptions import HTTPException


class FormFields(HTMLParser):
    """Field names and offered values of every ``<form>`` on a page, by the form's action."""

    def __init__(self, page_url: str) -> None:
        super().__init__()
        self.page_url = page_url
        self.fields: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self._action: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._action = (attr.get("action") or self.page_url).split("#")[0]
            self._action = self._action.split("?")[0] or self.page_url
        elif self._action is None:
            return
        elif tag in ("input", "select", "textarea", "button") and attr.get("name"):
            values = self.fields[self._action][attr["name"]]
            if attr.get("value"):
                values.add(attr["value"])
            self._select = attr["name"] if tag == "select" else self._select
        elif tag == "option" and self._select:
            self.fields[self._action][self._select].add(attr.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._action = self._select = None
        elif tag == "select":
            self._select = None


def _get_url(app: Flask, url: str) -> bool:
    """Whether ``url`` answers GET (so it can show a form)."""
    adapter = app.url_map.bind("localhost")
    try:
        adapter.match(url, method="GET")
    except HTTPException:
        return False
    return True


def _pages(app: Flask, url: str) -> list[str]:
    """The URL itself and its parents that answer GET (a POST-only action's form lives there)."""
    parts = url.split("?")[0].rstrip("/").split("/")
    candidates = ["/".join(parts[:n]) or "/" for n in range(len(parts), 1, -1)]
    candidates += [c + "/" for c in candidates]
    return [c for c in dict.fromkeys(candidates) if _get_url(app, c)][:3]


def fields_for(app: Flask, client: Any, url: str) -> dict[str, set[str]]:
    """Names (with the values the pages offer) of the fields of forms that post to ``url``."""
    found: dict[str, set[str]] = defaultdict(set)
    for page in _pages(app, url):
        response = client.get(page)
        html = response.get_data(as_text=True)
        response.close()  # a streamed export must end before the next request
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        parser = FormFields(page)
        parser.feed(html)
        for name, values in parser.fields.get(url.split("?")[0], {}).items():
            found[name] |= values
    found.pop("csrf_token", None)
    return found
