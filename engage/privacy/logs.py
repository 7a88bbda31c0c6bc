"""Access logs that cannot link a respondent to an answer.

The development server (werkzeug) and gunicorn (when run with ``--access-logfile``) write a
line per request. For respondent pages that line would hold the invitation token (``?t=`` in the
URL), the address, the user agent and the second the request came in: together enough to tie
an anonymous response to the person invited. The filters here rewrite those lines before any
handler sees them: the token is masked on every line (it also travels in the Referer of the
page's assets) and lines for respondent pages keep only the method, path, status and size.
"""

from __future__ import annotations

import copy
import logging
import re
from typing import Any

#: where respondents answer (see surveys.respond)
RESPONDENT_PREFIX = "/s/"
MASK = "[redacted]"
#: an invitation token in a query string
_TOKEN = re.compile(r"([?&]t=)[^&\s\"]+")
#: werkzeug's "ADDRESS - - [DATE] " line prefix
_WERKZEUG_PREFIX = re.compile(r"^\S+ - - \[[^\]]*\] ")
#: gunicorn atoms a respondent line keeps; everything else (address, agent, referer, headers,
#: time, query) becomes "-"
_SAFE_ATOMS = frozenset("smUHbBTDMLp")


def mask_tokens(text: str) -> str:
    """Replace every ``t=`` query value in ``text``."""
    return _TOKEN.sub(rf"\g<1>{MASK}", text)


def _is_respondent(line: str) -> bool:
    return f" {RESPONDENT_PREFIX}" in line


class WerkzeugAccessFilter(logging.Filter):
    """Rewrite werkzeug's request lines (``ADDRESS - - [DATE] "REQUEST" STATUS SIZE``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not isinstance(record.msg, str) or not _WERKZEUG_PREFIX.match(record.msg):
            return True
        line = mask_tokens(record.getMessage())
        if _is_respondent(line):
            line = _WERKZEUG_PREFIX.sub("- - - [-] ", line)
        record.msg, record.args = line.replace("%", "%%"), ()
        return True


class GunicornAccessFilter(logging.Filter):
    """Rewrite gunicorn's access atoms (``record.args`` is the atoms mapping)."""

    def filter(self, record: logging.LogRecord) -> bool:
        atoms: Any = record.args
        if not isinstance(atoms, dict):
            return True
        cleaned = copy.copy(atoms)  # keeps gunicorn's SafeAtoms type (missing atoms -> "-")
        for key, value in atoms.items():
            if isinstance(value, str):
                cleaned[key] = mask_tokens(value)
        path = str(atoms.get("U") or "")
        if path.startswith(RESPONDENT_PREFIX):
            for key in list(cleaned):
                if key not in _SAFE_ATOMS:
                    cleaned[key] = "-"
            cleaned["r"] = f"{atoms.get('m', '-')} {path} {atoms.get('H', '-')}"
        record.args = cleaned
        return True


def init_access_logs() -> None:
    """Install the filters once per process, on the loggers the servers write to."""
    filters = (("werkzeug", WerkzeugAccessFilter), ("gunicorn.access", GunicornAccessFilter))
    for name, kind in filters:
        logger = logging.getLogger(name)
        if not any(isinstance(f, kind) for f in logger.filters):
            logger.addFilter(kind())
