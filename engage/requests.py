"""The request class: form data without nameless parts, form and query text without NULs."""

from __future__ import annotations

from flask import Request
from werkzeug.datastructures import MultiDict
from werkzeug.utils import cached_property


class EngageRequest(Request):
    """A request whose ``form`` and ``files`` hold only named fields, and text without NULs.

    A multipart part without ``name=`` comes out of Werkzeug under the key ``None``; code that
    walks the form's keys (WTForms field lists, prefix filters) then fails with a 500. A NUL
    character is refused by PostgreSQL's text columns (another 500). No browser sends either
    in a form a person filled in, so dropping them loses nothing.
    """

    @cached_property
    def args(self) -> MultiDict[str, str]:  # type: ignore[override]
        """The query string, without NULs (a search for ``%00`` must not be a 500 either)."""
        args = super().args
        if not any("\x00" in k or "\x00" in v for k, v in args.items(multi=True)):
            return args
        return type(args)(
            (k.replace("\x00", ""), v.replace("\x00", "")) for k, v in args.items(multi=True)
        )

    def _load_form_data(self) -> None:
        super()._load_form_data()
        form = self.__dict__.get("form")
        if form is not None and (None in form or any("\x00" in v for v in form.values())):
            self.__dict__["form"] = type(form)(
                (k, v.replace("\x00", "")) for k, v in form.items(multi=True) if k is not None
            )
        files = self.__dict__.get("files")
        if files is not None and None in files:
            self.__dict__["files"] = type(files)(
                (k, v) for k, v in files.items(multi=True) if k is not None
            )
