"""The theming engine: evidence units in, a :class:`ThemeResult` out.

Stages are objects passed in with defaults (BERTopic's style), so each can be swapped or
faked in tests. The same units, seed and models always give the same result.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import numpy as np

from analysis.nlp import assemble, language, models
from analysis.nlp.cluster import Clusterer, ThemeClusterer
from analysis.nlp.embed import Embedder, EmbeddingCache, MultilingualEmbedder, StaticEmbedder
from analysis.nlp.hierarchy import build_hierarchy
from analysis.nlp.partition import PartitionThemes, theme_partition
from analysis.nlp.redact import Redactor, SpacyRedactor
from analysis.nlp.represent import NounPhraseRepresenter, Representer
from analysis.nlp.segment import Segmenter, SpacySegmenter
from analysis.nlp.stance import StanceModel, StanceScore
from analysis.nlp.stance_vader import LexiconVaderStance
from analysis.nlp.summarise import MMRSummariser, Summariser
from analysis.nlp.types import EvidenceUnit, Segment, Theme, ThemeResult

ENGINE_VERSION = "engage.nlp/0.1.0"
#: Fewer answers with content than this (and not all the same) are not themed.
MIN_ROWS = 5
Progress = Callable[[str], None]
T = TypeVar("T")


@dataclass
class ThemeEngine:
    """Runs segment → embed → cluster → represent → stance → statistics → summarise.

    Attributes:
        embedder: Embeds English (or all, when multilingual) segments.
        multilingual: Used instead of ``embedder`` when the corpus mixes languages and it is
            installed; otherwise each language is themed on its own.
        cache_dir: Embedding cache (default ``ENGAGE_CACHE_DIR`` or ``~/.cache/engage``);
            ``use_cache=False`` always re-embeds. Models live in ``ENGAGE_MODEL_DIR``.
        suppression_k: Small-cell threshold for group breakdowns.
    """

    segmenter: Segmenter = field(default_factory=SpacySegmenter)
    redactor: Redactor = field(default_factory=SpacyRedactor)
    embedder: Embedder | None = None
    multilingual: Embedder | None = field(default_factory=MultilingualEmbedder)
    clusterer: Clusterer = field(default_factory=ThemeClusterer)
    representer: Representer = field(default_factory=NounPhraseRepresenter)
    stance: StanceModel = field(default_factory=LexiconVaderStance)
    summariser: Summariser = field(default_factory=MMRSummariser)
    cache_dir: Path | None = None
    use_cache: bool = True
    suppression_k: int = 10

    def __post_init__(self) -> None:
        self.cache_dir = Path(self.cache_dir or models.default_cache_dir())
        self.embedder = self.embedder or StaticEmbedder()
        self._cache = (
            EmbeddingCache(self.cache_dir / "embeddings.sqlite") if self.use_cache else None
        )

    def run(
        self, units: Sequence[EvidenceUnit], seed: int = 0, progress: Progress | None = None
    ) -> ThemeResult:
        """Theme ``units``.

        Args:
            units: The answers or notes; rows without letters or digits stay unassigned.
            seed: Seed for every random step.
            progress: Called with the name of each stage as it starts.

        Returns:
            Themes, row assignments, rankings and the run manifest.
        """
        run = _Run(progress)
        with ThreadPoolExecutor(max_workers=1) as side:
            # The embedding model loads (~0.35 s for the static one) while spaCy segments.
            loaded = side.submit(getattr(self.embedder, "load", lambda: None))
            with run.stage("segment"):
                segments = self.segmenter.segment(units)
            loaded.result()
            too_few = _too_few(segments)
            # Stance (pure Python) runs beside clustering, whose costly parts (kNN, k-means,
            # tokenising) release the GIL, so on two cores it is mostly hidden. Neither reads
            # the other's output, so the result is the same as running them one after the other.
            run.announce("stance")
            predicted = side.submit(
                run.timed, "stance", self.stance.predict, [s.text for s in segments]
            )
            with run.stage("cluster"):
                found = self._cluster(units, segments, seed, too_few)
            stances = predicted.result()
        with run.stage("represent+summarise"):
            themes, labels = self._themes(segments, found, stances)
        with run.stage("statistics"):
            self._statistics(units, themes, segments, labels, stances)
        with run.stage("hierarchy"):
            hierarchy = build_hierarchy(themes, segments, labels, found.vectors) if themes else None
        manifest = self._manifest(units, segments, seed, found.info, too_few, run)
        manifest["hierarchy"] = hierarchy
        return _result(units, segments, labels, stances, themes, manifest)

    def _cluster(
        self, units: Sequence[EvidenceUnit], segments: Sequence[Segment], seed: int, too_few: bool
    ) -> _Clustered:
        """Embed and cluster every language partition; theme ids are unique across them."""
        if too_few or not segments:
            return _Clustered.empty(len(segments))
        unit_lang = language.detect_all([u.text for u in units])
        seg_lang = [unit_lang[s.parent] for s in segments]
        parts, mode = self._partitions(seg_lang)
        out = _Clustered.empty(len(segments))
        for (lang, embedder), idx in parts.items():
            texts = [segments[i].text for i in idx]
            found = theme_partition(texts, embedder, self.clusterer, self._cache, seed)
            out.add(lang, embedder.name, idx, found)
        out.info = {"languages": dict(sorted(_count(seg_lang).items())),
                    "language_mode": mode, "partitions": out.params}  # fmt: skip
        return out

    def _themes(
        self, segments: Sequence[Segment], found: _Clustered, stances: Sequence[StanceScore]
    ) -> tuple[list[Theme], np.ndarray]:
        """Themes in display order (labels, keywords, quotes) and segment labels renumbered."""
        stages = (self.representer, self.summariser, self.redactor.redact)
        themes = assemble.build_themes(
            segments, found.labels, found.vectors, found.keywords, stances, found.languages, stages
        )
        return themes, assemble.renumber(themes, found.labels)

    def _partitions(
        self, seg_lang: list[str]
    ) -> tuple[dict[tuple[str, Embedder], np.ndarray], str]:
        present = sorted(set(seg_lang))
        if set(present) <= (self.embedder.languages or set(present)):
            return {
                (present[0] if len(present) == 1 else "all", self.embedder): np.arange(
                    len(seg_lang)
                )
            }, "joint"
        ml = self.multilingual
        if ml is not None and getattr(ml, "available", lambda: True)():
            return {("all", ml): np.arange(len(seg_lang))}, "joint-multilingual"
        arr = np.asarray(seg_lang)
        return {
            (lang, self.embedder): np.flatnonzero(arr == lang) for lang in present
        }, "per-language"

    def _statistics(self, units, themes, segments, labels, stances) -> None:  # noqa: ANN001
        from analysis.stats import theme_group_statistics  # lazy: stats is optional to import

        theme_rows = assemble.theme_row_stances(segments, labels, stances)
        with_text = {s.parent for s in segments}
        row_groups = {r: dict(units[r].attributes) for r in sorted(with_text)}
        stats = theme_group_statistics(theme_rows, row_groups, k=self.suppression_k)
        for theme in themes:
            found = stats[theme.id]
            theme.consensus, theme.concern = found.consensus, found.concern
            theme.divisiveness, theme.groups = found.divisiveness, found.groups

    def _manifest(self, units, segments, seed, info, too_few, run) -> dict:  # noqa: ANN001
        digest = hashlib.sha256()
        for unit in units:
            digest.update(unit.text.encode("utf-8") + b"\x00")
        return {
            "engine": ENGINE_VERSION, "embedding_model": self.embedder.name, "seed": seed,
            "rows": len(units), "units": len(segments), "seconds": round(run.total(), 3),
            "params": {"suppression_k": self.suppression_k, "min_rows": MIN_ROWS, **info},
            "models": {"embedding": self.embedder.name, "spacy": models.spacy_version(),
                       "stance": self.stance.name,
                       "multilingual": getattr(self.multilingual, "name", None)},
            "input_sha256": digest.hexdigest(), "stage_seconds": run.seconds,
            "status": "too_few_answers" if too_few else "ok",
        }  # fmt: skip


def _too_few(segments: Sequence[Segment]) -> bool:
    rows = {s.parent for s in segments}
    distinct = {s.text.strip().lower() for s in segments}
    return len(rows) < MIN_ROWS and len(distinct) != 1


def _count(items: Sequence[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for item in items:
        out[item] = out.get(item, 0) + 1
    return out


@dataclass
class _Clustered:
    """Theme label, vector and language partition of every segment, filled partition by
    partition; local theme ids are shifted so that they are unique across partitions."""

    labels: np.ndarray
    vectors: np.ndarray
    keywords: dict[int, list[tuple[str, float]]] = field(default_factory=dict)
    languages: dict[int, str] = field(default_factory=dict)
    params: dict[str, dict] = field(default_factory=dict)
    info: dict = field(default_factory=lambda: {"languages": {}, "language_mode": "none"})

    @classmethod
    def empty(cls, n: int) -> _Clustered:
        return cls(np.full(n, -1), np.zeros((n, 1), np.float32))

    def add(self, lang: str, model: str, idx: np.ndarray, found: PartitionThemes) -> None:
        """Place one partition's themes and vectors (partitions may differ in width)."""
        offset = max(self.keywords, default=-1) + 1
        self.labels[idx] = np.where(found.labels >= 0, found.labels + offset, -1)
        self.keywords.update({t + offset: kw for t, kw in found.keywords.items()})
        self.languages.update({t + offset: lang for t in found.keywords})
        self.params[lang] = {"embedding_model": model, **found.params}
        width = max(found.vectors.shape[1], self.vectors.shape[1])
        if width > self.vectors.shape[1]:
            self.vectors = np.pad(self.vectors, ((0, 0), (0, width - self.vectors.shape[1])))
        self.vectors[idx, : found.vectors.shape[1]] = found.vectors


def _result(
    units: Sequence[EvidenceUnit],
    segments: Sequence[Segment],
    labels: np.ndarray,
    stances: Sequence[StanceScore],
    themes: list[Theme],
    manifest: dict,
) -> ThemeResult:
    """Rows, rankings and the manifest around the themes."""
    rows = assemble.build_rows(len(units), [u.id for u in units], segments, labels, stances)
    return ThemeResult(
        themes=themes, rows=rows, unit_themes=labels.tolist(), segments=list(segments),
        unassigned_rows=sum(1 for r in rows if not r.themes),
        agree=assemble.rank(themes, "consensus"), worry=assemble.rank(themes, "concern"),
        manifest=manifest,
    )  # fmt: skip


class _Run:
    """Times the stages of one run and reports them to the progress callback."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.seconds: dict[str, float] = {}
        self.started = time.perf_counter()

    @contextmanager
    def stage(self, name: str):  # noqa: ANN201 - generator context manager
        self.announce(name)
        with self.clock(name):
            yield

    def announce(self, name: str) -> None:
        """Tell the progress callback that stage ``name`` starts."""
        if self.progress:
            self.progress(name)

    @contextmanager
    def clock(self, name: str):  # noqa: ANN201 - generator context manager
        start = time.perf_counter()
        yield
        self.seconds[name] = round(time.perf_counter() - start, 3)

    def timed(self, name: str, work: Callable[..., T], *args: object) -> T:
        """Time ``work(*args)`` as stage ``name`` without announcing it: safe in another
        thread, where the progress callback (it may write to the caller's database session)
        must not run."""
        with self.clock(name):
            return work(*args)

    def total(self) -> float:
        """Wall seconds since the run started (stages may overlap)."""
        return time.perf_counter() - self.started
