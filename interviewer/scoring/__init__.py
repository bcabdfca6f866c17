"""Scoring by meaning: the parts of the scorer that listen for what a sentence means, not its words.

Pure functions. The sentence embedder is a port (:class:`~interviewer.scoring.meaning.Embedder`),
passed in by the caller; nothing here loads a model or touches the disk.

* :mod:`.meaning`  — sentence/exemplar similarity through the embedder port;
* :mod:`.evidence` — similarity turned into evidence per part, combined with the rubric's cues;
* :mod:`.order`    — when the candidate commits: clarifying questions before, late questions after;
* :mod:`.star`     — STAR parts in any order, reported as spoken;
* :mod:`.claims`   — failure modes count when a reason (mechanism or mitigation) is said;
  a bare list of terms earns little;
* :mod:`.coverage` — the prompt's key points heard by meaning; an answer to another question is capped.
"""
