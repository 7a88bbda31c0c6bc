"""``engage theme``: theme the answers in a CSV or XLSX file and write ``engage.themes/1`` JSON.

The lead registers :data:`theme_command` in the ``engage`` CLI group. Exit codes: 0 on
success, 2 on bad input with one line on stderr (never a traceback).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from analysis.themefile import BadInput, read_table, to_document, to_units, write_json

STAGES = ("segment", "stance", "cluster", "represent+summarise", "statistics")


def _progress(stage: str) -> None:
    step = STAGES.index(stage) + 1 if stage in STAGES else 0
    click.echo(f"[{step}/{len(STAGES)}] {stage}…", err=True)


def _fail(message: str) -> None:
    click.echo(f"engage theme: {message}", err=True)
    sys.exit(2)


@click.command("theme")
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--text", "text_column", required=True, help="Column holding the answers.")
@click.option("--group", "groups", multiple=True, help="Group column for breakdowns (repeatable).")
@click.option("--id", "id_column", default=None, help="Column with a stable row id.")
@click.option("--seed", default=0, show_default=True, type=int, help="Random seed.")
@click.option(
    "--output", required=True, type=click.Path(path_type=Path, dir_okay=False), help="JSON file."
)
@click.option(
    "--format", "fmt", type=click.Choice(["json", "html"]), default="json", show_default=True,
    help="html also writes OUTPUT with .html: a self-contained report.",
)  # fmt: skip
@click.option(
    "--suppression-k", default=10, show_default=True, type=click.IntRange(min=5),
    envvar="ENGAGE_SUPPRESSION_K", help="Hide groups with fewer answers than this.",
)  # fmt: skip
@click.option(
    "--cache-dir", type=click.Path(path_type=Path, file_okay=False), envvar="ENGAGE_CACHE_DIR",
    default=None, help="Embedding cache [~/.cache/engage]; models: ENGAGE_MODEL_DIR.",
)  # fmt: skip
def theme_command(
    input_path: Path,
    text_column: str,
    groups: tuple[str, ...],
    id_column: str | None,
    seed: int,
    output: Path,
    fmt: str,
    suppression_k: int,
    cache_dir: Path | None,
) -> None:
    """Theme every non-empty answer in INPUT (CSV or XLSX) and write engage.themes/1 JSON."""
    try:
        table = read_table(input_path)
        units, data_rows = to_units(table, text_column, groups, id_column, source=input_path.name)
    except BadInput as err:
        _fail(str(err))
    if not units:
        _fail(f"column {text_column!r} has no non-empty answers")
    click.echo(f"Theming {len(units)} answers from {input_path.name}", err=True)
    from analysis.nlp import ThemeEngine  # heavy: only once the input is known to be good

    result = ThemeEngine(cache_dir=cache_dir, suppression_k=suppression_k).run(
        units, seed, _progress
    )
    document = to_document(result, data_rows)
    try:
        write_json(document, output)
        if fmt == "html":
            from analysis.themefile.html import render

            output.with_suffix(".html").write_text(
                render(document, input_path.name), encoding="utf-8"
            )
    except OSError as err:
        _fail(f"cannot write {err.filename}: {err.strerror}")
    click.echo(
        f"{len(result.themes)} themes, {result.unassigned_rows} answers unassigned -> {output}",
        err=True,
    )
