"""Small helpers shared by the feature forms."""

import math
from collections.abc import Iterable
from typing import Any

from wtforms import FloatField, SelectChoice


def choices(pairs: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """``SelectChoice`` objects from (value, label) pairs (tuples are deprecated in WTForms)."""
    return [SelectChoice(value, label) for value, label in pairs]


class FiniteFloatField(FloatField):
    """A number field that refuses "nan" and "inf", which Python's float() accepts.

    The databases cannot keep them: SQLite stores NaN as NULL (a NOT NULL error, a 500) and
    PostgreSQL's JSON refuses both.
    """

    def process_formdata(self, valuelist: list[Any]) -> None:
        super().process_formdata(valuelist)
        if self.data is not None and not math.isfinite(self.data):
            self.data = None
            raise ValueError(self.gettext("Not a valid float value."))
