"""The OpenAPI 3.1 description of ``/api/v1/`` (served at ``/api/v1/openapi.json``).

Written by hand as a table of operations; a test checks that every API route appears here.
"""

from __future__ import annotations

from typing import Any

PAGE = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
    {"name": "per_page", "in": "query",
     "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}},
]  # fmt: skip
SURVEY = {"name": "survey_id", "in": "path", "required": True, "schema": {"type": "integer"}}
RUN = {"name": "run_id", "in": "path", "required": True, "schema": {"type": "integer"}}
THEME = {"name": "theme_id", "in": "path", "required": True, "schema": {"type": "integer"}}
DELIB = {"name": "deliberation_id", "in": "path", "required": True, "schema": {"type": "integer"}}
STAFF = "fellow, analyst, admin"
READERS = "analyst (all runs); communications, viewer (published runs)"

#: (path, method, summary, who, parameters, paged, scope)
OPERATIONS: list[tuple[str, str, str, str, list, bool, str]] = [
    ("/api/v1/", "get", "Who the token acts as, and the API's entry points", "any token", [],
     False, "read"),
    ("/api/v1/openapi.json", "get", "This document", "anyone", [], False, "none"),
    ("/api/v1/surveys", "get", "List surveys", STAFF, [], True, "read"),
    ("/api/v1/surveys/{survey_id}", "get", "A survey and its response count", STAFF, [SURVEY],
     False, "read"),
    ("/api/v1/surveys/{survey_id}/definition", "get",
     "The survey definition (schema engage.survey/1)", STAFF, [SURVEY], False, "read"),
    ("/api/v1/surveys/{survey_id}/responses", "get",
     "Responses: answers by question code, the day of submission; no invitation or person "
     "for anonymous surveys", "analyst, admin", [SURVEY], True, "read"),
    ("/api/v1/surveys/{survey_id}/responses", "post",
     "Record a response (kiosks, other front ends); public open surveys only",
     STAFF, [SURVEY], False, "write"),
    ("/api/v1/surveys/{survey_id}/summary", "get",
     "Counts by org unit, language and closed-question answer, small cells suppressed (null)",
     STAFF, [SURVEY], False, "read"),
    ("/api/v1/runs", "get", "List analysis runs", READERS, [], True, "read"),
    ("/api/v1/runs/{run_id}", "get", "A run with its (suppressed) group sizes and survey results",
     READERS, [RUN], False, "read"),
    ("/api/v1/runs/{run_id}/themes", "get",
     "A finished run's themes: statistics, summaries and consented, redacted quotes",
     READERS, [RUN], False, "read"),
    ("/api/v1/runs/{run_id}/themes/{theme_id}", "get", "One theme", READERS, [RUN, THEME],
     False, "read"),
    ("/api/v1/deliberations", "get", "List deliberations (imported Pol.is conversations)",
     "analyst", [], True, "read"),
    ("/api/v1/deliberations/{deliberation_id}", "get", "A deliberation", "analyst", [DELIB],
     False, "read"),
    ("/api/v1/deliberations/{deliberation_id}/statements", "get",
     "Statements with vote counts and group-informed consensus", "analyst", [DELIB], True,
     "read"),
]  # fmt: skip

ERRORS = {
    "400": "Bad query or body",
    "401": "No valid token",
    "403": "Role or scope does not allow this",
    "404": "Not found (or not visible to this role)",
    "405": "Method not allowed",
    "413": "Body too large",
    "422": "Understood but not acceptable",
    "429": "Rate limit reached (see Retry-After)",
    "500": "Unexpected error",
}


def document() -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    for path, method, summary, who, params, paged, scope in OPERATIONS:
        paths.setdefault(path, {})[method] = _operation(summary, who, params, paged, scope)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Engage API",
            "version": "1",
            "description": "Read surveys, responses, analysis themes and deliberations. "
            "Create a token under /account/tokens and send it as "
            "'Authorization: Bearer <token>'. A token acts with its owner's role; "
            "read scope by default, write scope to create responses. "
            "Rate limit: 600 requests per token per minute.",
        },
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {"Error": _error_schema(), "Page": _page_schema()},
        },
        "paths": paths,
    }


def _operation(summary: str, who: str, params: list, paged: bool, scope: str) -> dict[str, Any]:
    ok = "201" if scope == "write" else "200"
    schema = {"$ref": "#/components/schemas/Page"} if paged else {"type": "object"}
    content = {"application/json": {"schema": schema}}
    operation: dict[str, Any] = {
        "summary": summary,
        "description": f"Who: {who}. Scope: {scope}.",
        "parameters": params + (PAGE if paged else []),
        "responses": {ok: {"description": "OK", "content": content}, **_errors()},
    }
    if scope == "none":
        operation["security"] = []
    if scope == "write":
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": _answers_schema()}},
        }
    return operation


def _errors() -> dict[str, Any]:
    ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    return {code: {"description": text, "content": ref} for code, text in ERRORS.items()}


def _error_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["status", "message"],
                "properties": {"status": {"type": "integer"}, "message": {"type": "string"}},
            }
        },
    }


def _page_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["items", "page", "per_page", "total", "next", "prev"],
        "properties": {
            "items": {"type": "array", "items": {"type": "object"}},
            "page": {"type": "integer"},
            "per_page": {"type": "integer"},
            "total": {"type": "integer"},
            "next": {"type": ["string", "null"]},
            "prev": {"type": ["string", "null"]},
        },
    }


def _answers_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "language": {"type": "string", "default": "en"},
            "answers": {
                "type": "object",
                "description": "question code -> text, number, list (multiple choice), or "
                "object of parts (matrix rows, ranking positions, 'other' text)",
            },
        },
    }
