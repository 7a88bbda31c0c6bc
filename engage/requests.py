"""The request class: form data without nameless parts."""

from __future__ import annotations

from flask import Request


class EngageRequest(Request):
    """A request whose ``form`` and ``files`` hold only named fields.

    A multipart part without ``name=`` comes out of Werkzeug under the key ``None``; code that
    walks the form's keys (WTForms field lists, prefix filters) then fails with a 500. No
    browser sends such a part, so dropping it loses nothing.
    """

    def _load_form_data(self) -> None:
        super()._load_form_data()
        for attribute in ("form", "files"):
            data = self.__dict__.get(attribute)
            if data is not None and None in data:
                named = [(k, v) for k, v in data.items(multi=True) if k is not None]
                self.__dict__[attribute] = type(data)(named)
