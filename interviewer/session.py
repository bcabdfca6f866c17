"""Sessions on disk: one private folder per mock, holding the audio, transcript, report and metadata.

    $MOCK_HOME/sessions/20261124-093012-modeling/
        answer.wav        the recording (written as it is captured)
        meta.json         prompt, rubric, model, times, status
        transcript.json   words with timestamps
        report.json       the scored report (schema mock.report/1)

``MOCK_HOME`` overrides the home folder; the default follows the platform's convention for user
data (``~/.local/share/mock`` on Linux). Voice data is private: folders 0700, files 0600, and
JSON is written atomically (temp file + rename) so a crash never leaves half a file.
"""

from __future__ import annotations

import errno
import json
import os
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from interviewer.errors import SessionNotFound, StorageError
from interviewer.types import Report, Transcript

AUDIO_NAME = "answer.wav"
Status = Literal["recording", "complete", "interrupted"]


def mock_home() -> Path:
    env = os.environ.get("MOCK_HOME")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("mock", appauthor=False))


def private_dir(path: Path) -> Path:
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(path, 0o700)
    except OSError as e:
        raise StorageError(f"Cannot create {path}: {e.strerror}.", hint="Set MOCK_HOME to a writable folder.") from None
    return path


def storage_error(path: Path, e: OSError, what: str | None = None) -> StorageError:
    """One line for a failed write: the file we meant to write (never a temporary name), why, and what to do."""
    what = what or path.name
    if e.errno in (errno.ENOSPC, errno.EDQUOT):
        return StorageError(f"The disk is full; could not write {what} in {path.parent}.",
                            hint="Free some space and try again; anything already recorded is kept.")
    if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return StorageError(f"Cannot write {what} in {path.parent}: {e.strerror}.",
                            hint="Check the folder's permissions, or set MOCK_HOME to a writable folder.")
    return StorageError(f"Cannot write {what} in {path.parent}: {e.strerror or e}.")


class private_file:
    """``open(path, "wb")`` for a new file that is 0600 from its first byte (``os.open`` with the mode, and
    O_EXCL: never someone else's file or a symlink)."""

    def __init__(self, path: Path):
        self.path = path

    def __enter__(self):
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        self.f = os.fdopen(fd, "wb")
        return self.f

    def __exit__(self, *exc) -> None:
        self.f.close()


def write_private(path: Path, data: bytes) -> None:
    """Atomically write ``data`` to ``path`` with mode 0600 from its first byte (temp file, fsync, rename)."""
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")  # mkstemp: 0600
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as e:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        raise storage_error(path, e) from None
    except BaseException:  # SIGTERM, Ctrl-C: no half-written temp file left behind
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        raise


class SessionMeta(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str
    created: str
    round: str
    prompt_id: str | None = None
    prompt_text: str | None = None
    rubric: str
    model: str | None = None
    status: Status = "recording"
    stopped_by: str | None = None
    audio: str = AUDIO_NAME
    duration_s: float | None = None
    score: int | None = None
    target_s: float | None = None


def session_status(meta_status: str, has_audio: bool, has_report: bool) -> str:
    """The rule behind :attr:`Session.status`, pure so it can be tested on its own."""
    if meta_status in ("recording", "interrupted") or (has_audio and not has_report):
        return "interrupted"
    return "complete"


class Session:
    def __init__(self, directory: Path):
        self.dir = directory

    @property
    def id(self) -> str:
        return self.dir.name

    @property
    def audio_path(self) -> Path:
        return self.dir / AUDIO_NAME

    @classmethod
    def create(cls, round_: str, rubric: str, *, prompt_id: str | None = None, prompt_text: str | None = None,
               target_s: float | None = None, home: Path | None = None, now: datetime | None = None) -> "Session":
        now = now or datetime.now(timezone.utc)
        root = private_dir(private_dir(home or mock_home()) / "sessions")
        base = f"{now.strftime('%Y%m%d-%H%M%S')}-{round_}"
        directory, n = root / base, 1
        while True:  # mkdir is atomic: of two rounds started in the same second, exactly one gets each name
            try:
                directory.mkdir(mode=0o700)
                break
            except FileExistsError:
                n += 1
                directory = root / f"{base}-{n}"
            except OSError as e:
                raise storage_error(directory, e, "a session folder") from None
        session = cls(directory)
        try:
            os.chmod(directory, 0o700)
            session.write_meta(SessionMeta(id=directory.name, created=now.isoformat(timespec="seconds"), round=round_,
                                           prompt_id=prompt_id, prompt_text=prompt_text, rubric=rubric, target_s=target_s))
        except BaseException:
            session.discard()  # a full disk, a signal: no folder without meta left behind
            raise
        return session

    @classmethod
    def open(cls, session_id: str, home: Path | None = None) -> "Session":
        root = (home or mock_home()) / "sessions"
        directory = root / session_id
        if not session_id or "/" in session_id or not (directory / "meta.json").is_file():
            raise SessionNotFound(f"No session '{session_id}' in {root}.", hint="Run `mock history` to see session ids.")
        return cls(directory)

    def discard(self) -> None:
        """Remove a session that holds no recording (only its meta and temporary files): a copy that failed."""
        try:
            names = os.listdir(self.dir)
        except OSError:
            return
        if any(n != "meta.json" and not n.startswith(".") for n in names):
            return  # something worth keeping
        for n in names:
            try:
                os.unlink(self.dir / n)
            except OSError:
                pass
        try:
            os.rmdir(self.dir)
        except OSError:
            pass

    def meta(self) -> SessionMeta:
        return SessionMeta.model_validate_json((self.dir / "meta.json").read_text())

    def write_meta(self, meta: SessionMeta) -> None:
        write_private(self.dir / "meta.json", meta.model_dump_json(indent=2).encode())

    def update(self, **fields) -> SessionMeta:
        meta = self.meta().model_copy(update=fields)
        self.write_meta(meta)
        return meta

    @property
    def report_path(self) -> Path:
        return self.dir / "report.json"

    @property
    def status(self) -> str:
        """complete, or interrupted: a recording that never finished (Ctrl-C, a crash, kill -9, a full disk).

        A session is interrupted when its meta says "recording" or "interrupted", or when it has audio but
        no report (the process died between recording and scoring, whatever the meta says).
        """
        return session_status(self.meta().status, self.audio_path.is_file(), self.report_path.is_file())

    def save_transcript(self, transcript: Transcript) -> None:
        write_private(self.dir / "transcript.json", transcript.model_dump_json(indent=1).encode())

    def save_report(self, report: Report) -> None:
        write_private(self.dir / "report.json", report.to_json(indent=1).encode())

    def report(self) -> Report | None:
        p = self.dir / "report.json"
        return Report.model_validate(json.loads(p.read_text())) if p.is_file() else None


def list_sessions(home: Path | None = None) -> list[Session]:
    root = (home or mock_home()) / "sessions"
    if not root.is_dir():
        return []
    return [Session(d) for d in sorted(root.iterdir()) if (d / "meta.json").is_file()]


def _wav_layout(f) -> tuple[int, int, int, int, int] | None:
    """(data chunk offset, its declared size, bytes present after it, block align, rate) of a PCM WAV
    whose data chunk is the last one; None for anything else."""
    import struct

    head = f.read(12)
    if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
        return None
    block, rate, pos = 0, 0, 12
    while True:
        f.seek(pos)
        ch = f.read(8)
        if len(ch) < 8:
            return None
        cid, size = ch[:4], struct.unpack("<I", ch[4:])[0]
        if cid == b"fmt ":
            fmt = f.read(16)
            if len(fmt) < 16:
                return None
            rate, block = struct.unpack("<I", fmt[4:8])[0], struct.unpack("<H", fmt[12:14])[0]
        if cid == b"data":
            break
        pos += 8 + size + (size & 1)
    if not block or not rate:
        return None
    present = f.seek(0, os.SEEK_END) - (pos + 8)
    return pos, size, present - present % block, block, rate


def wav_seconds(path: Path) -> float | None:
    """Seconds of audio actually in a WAV file (whatever its header says); None if not a PCM WAV."""
    try:
        with open(path, "rb") as f:
            lay = _wav_layout(f)
    except OSError:
        return None
    return None if lay is None else lay[2] / (lay[3] * lay[4])


def repair_wav(path: Path) -> float:
    """Make a recording's WAV header cover every sample in the file; returns the seconds recovered.

    The recorder rewrites the header every half second, so a kill -9 or a power cut leaves a header
    that claims a little less than the file holds, and decoders stop where the header says. Only a
    plain RIFF/WAVE file whose ``data`` chunk is the last one is touched, and only its two size fields.
    """
    import struct

    try:
        with open(path, "r+b") as f:
            lay = _wav_layout(f)
            if lay is None or lay[2] <= lay[1]:
                return 0.0
            pos, size, present, block, rate = lay
            f.seek(pos + 4)
            f.write(struct.pack("<I", present))
            f.seek(4)
            f.write(struct.pack("<I", pos + present))  # RIFF size: everything after its first 8 bytes
            f.flush()
            os.fsync(f.fileno())
            return (present - size) / (block * rate)
    except OSError:
        return 0.0  # read-only or vanished: score what the header says


def score_session(session: Session, transcriber, *, rubric=None, prompt=None):
    """Transcribe and score a stored session's audio (an interrupted one too) and store the result.

    ``rubric`` (a Rubric) and ``prompt`` (a BoundPrompt) override the session's own; by default the
    session's rubric and, if its prompt is still in the bank, that prompt's key points. Meta gains the score
    and length; a recording that was cut off stays "interrupted", one that was only left unscored becomes "complete".
    Returns :class:`interviewer.pipeline.Scored`.
    """
    from interviewer.errors import AudioFileError, MockError
    from interviewer.pipeline import score_file
    from interviewer.prompts import find_prompt
    from interviewer.rubric import load_rubric

    meta = session.meta()
    if not session.audio_path.is_file():
        raise AudioFileError(f"Session {session.id} has no recording ({session.audio_path.name} is missing).",
                             hint="Nothing was captured; start a new round.")
    if prompt is None and meta.prompt_id:
        try:
            prompt = find_prompt(meta.prompt_id)
        except MockError:
            prompt = None  # the prompt left the bank since: score without key-point coverage
    rub = rubric or load_rubric(meta.rubric)
    cut_off = meta.status in ("recording", "interrupted")  # the answer itself was cut short (not just left unscored)
    if cut_off:
        repair_wav(session.audio_path)  # the last half second after the header's last rewrite is audio too
    scored = score_file(session.audio_path, rub, transcriber, prompt_id=prompt.id if prompt else meta.prompt_id,
                        key_points=list(prompt.prompt.key_points) if prompt else None)
    session.save_transcript(scored.transcript)
    session.save_report(scored.report)
    session.update(score=scored.report.score, rubric=rub.name, duration_s=round(scored.report.duration_s, 3),
                   model=scored.transcript.model or meta.model, status="interrupted" if cut_off else "complete")
    return scored
