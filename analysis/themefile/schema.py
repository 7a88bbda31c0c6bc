"""JSON Schema of ``engage.themes/1``, for consumers and the contract tests.

Extra keys are allowed (``manifest`` carries stage timings, models and the ranked "agree" and
"worry" lists; a theme carries its ``language``) so the contract can grow without breaking
readers.
"""

_NUMBER = {"type": "number"}
_COUNT = {"type": "integer", "minimum": 0}
_STANCE = {"enum": ["support", "concern", "neutral"]}

_CELL = {
    "oneOf": [
        {
            "type": "object",
            "required": ["rows", "share", "support", "concern"],
            "properties": {
                "rows": _COUNT,
                "share": _NUMBER,
                "support": _NUMBER,
                "concern": _NUMBER,
            },
            "additionalProperties": False,
        },
        {
            "type": "object",
            "required": ["suppressed"],
            "properties": {"suppressed": {"const": True}},
            "additionalProperties": False,
        },
    ]
}

_THEME = {
    "type": "object",
    "required": [
        "id",
        "label",
        "keywords",
        "summary",
        "units",
        "rows",
        "stance",
        "consensus",
        "concern",
        "divisiveness",
        "quotes",
        "groups",
    ],  # fmt: skip
    "properties": {
        "id": _COUNT,
        "label": {"type": "string", "minLength": 1},
        "keywords": {"type": "array", "items": {"type": "string"}, "maxItems": 8},
        "summary": {"type": "string"},
        "units": _COUNT,
        "rows": _COUNT,
        "stance": {
            "type": "object",
            "required": ["support", "concern", "neutral"],
            "properties": {"support": _COUNT, "concern": _COUNT, "neutral": _COUNT},
        },
        "consensus": _NUMBER,
        "concern": _NUMBER,
        "divisiveness": _NUMBER,
        "quotes": {
            "type": "array",
            "maxItems": 5,
            "items": {
                "type": "object",
                "required": ["row", "text"],
                "properties": {"row": _COUNT, "text": {"type": "string", "minLength": 1}},
            },
        },
        "groups": {
            "type": "object",
            "additionalProperties": {"type": "object", "additionalProperties": _CELL},
        },
    },
}

SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "engage.themes/1",
    "type": "object",
    "required": ["schema", "manifest", "themes", "rows", "unassigned_rows"],
    "properties": {
        "schema": {"const": "engage.themes/1"},
        "manifest": {
            "type": "object",
            "required": ["engine", "embedding_model", "seed", "rows", "units", "seconds", "params"],
            "properties": {
                "engine": {"type": "string"},
                "embedding_model": {"type": "string"},
                "seed": {"type": "integer"},
                "rows": _COUNT,
                "units": _COUNT,
                "seconds": _NUMBER,
                "params": {"type": "object"},
            },
        },
        "themes": {"type": "array", "items": _THEME},
        "rows": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["row", "id", "themes", "stance"],
                "properties": {
                    "row": _COUNT,
                    "id": {"type": "string"},
                    "themes": {"type": "array", "items": _COUNT, "uniqueItems": True},
                    "stance": _STANCE,
                },
            },
        },
        "unassigned_rows": _COUNT,
    },
}
