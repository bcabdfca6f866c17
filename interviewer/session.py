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
import re
import stat
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from interviewer.errors import SessionDamaged, SessionNotFound, StorageError
from interviewer.types import Report, Transcript

AUDIO_NAME = "answer.wav"
# What a session id looks like (20261124-093012-modeling, …-2): letters, digits, '-' and '_' only, so an id
# can never name a path outside sessions/ ('..', '/', '.', empty).
SESSION_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,127}")
Status = Literal["recording", "complete", "interrupted"]


def mock_home() -> Path:
    env = os.environ.get("MOCK_HOME")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("mock", appauthor=False))


def sessions_root(home: Path | None = None) -> Path:
    """``$MOCK_HOME/sessions`` (it may not exist yet); a MOCK_HOME that is a file is a storage error."""
    home = home or mock_home()
    if home.exists() and not home.is_dir():
        raise StorageError(f"MOCK_HOME {home} is not a folder.", hint="Point MOCK_HOME at a folder (or unset it).")
    return home / "sessions"


def is_session_id(text: str) -> bool:
    return SESSION_ID.fullmatch(text) is not None


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
        root = private_dir(private_dir(sessions_root(home).parent) / "sessions")
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
        """The session with this id. Only a plain folder directly inside sessions/ is ever opened; its files are
        made private again (0600) if something loosened them. A damaged one opens; :meth:`meta` says what is wrong."""
        root = sessions_root(home)
        if not is_session_id(session_id):
            raise SessionNotFound(f"'{session_id}' is not a session id.", hint="Run `mock history` to see session ids.")
        directory = root / session_id
        try:
            st = os.lstat(directory)
        except OSError:
            st = None
        if st is None or not stat.S_ISDIR(st.st_mode):  # missing, a file, or a symlink out of sessions/
            raise SessionNotFound(f"No session '{session_id}' in {root}.", hint="Run `mock history` to see session ids.")
        session = cls(directory)
        session.secure()
        return session

    def secure(self) -> None:
        """Take group and other permissions off the folder and its files (a copy interrupted by an older version
        left answer.wav 0644, say). Only ever tightens: a folder its owner made unreadable stays so. Best effort."""
        try:
            m = stat.S_IMODE(os.stat(self.dir).st_mode)
            if m & 0o077:
                os.chmod(self.dir, m & 0o700)
            for entry in os.scandir(self.dir):
                if entry.is_file(follow_symlinks=False) and (m := stat.S_IMODE(entry.stat(follow_symlinks=False).st_mode)) & 0o077:
                    os.chmod(entry.path, m & 0o700)
        except OSError:
            pass  # not ours or unreadable: meta() will say so

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

    def damaged(self, reason: str) -> SessionDamaged:
        return SessionDamaged(f"Session {self.id} is damaged: {reason}.",
                              hint=f"Delete the folder {self.dir} or move it out of {self.dir.parent}.")

    def meta(self) -> SessionMeta:
        """The session's metadata; :class:`SessionDamaged` (one line naming the session and the problem) if
        ``meta.json`` is missing, unreadable or not valid."""
        from pydantic import ValidationError

        path = self.dir / "meta.json"
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise self.damaged("meta.json is missing") from None
        except PermissionError:
            raise self.damaged("its folder or meta.json cannot be read (permission denied)") from None
        except IsADirectoryError:
            raise self.damaged("meta.json is a folder") from None
        except UnicodeDecodeError:
            raise self.damaged("meta.json is not text") from None
        except OSError as e:
            raise self.damaged(f"meta.json cannot be read ({e.strerror or e})") from None
        try:
            data = json.loads(text)
        except ValueError:
            raise self.damaged("meta.json is not valid JSON") from None
        try:
            return SessionMeta.model_validate(data)
        except ValidationError as e:
            first = e.errors()[0]
            field = ".".join(str(p) for p in first["loc"]) or "(top level)"
            raise self.damaged(f"meta.json field {field}: {first['msg']}") from None

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
        """The stored report; None when there is none yet; :class:`SessionDamaged` when report.json is not a
        valid report (``mock score ID`` or ``mock replay ID`` rebuilds it)."""
        p = self.dir / "report.json"
        try:
            text = p.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as e:
            raise self.damaged(f"report.json cannot be read ({getattr(e, 'strerror', None) or e})") from None
        try:
            return Report.model_validate(json.loads(text))
        except ValueError:  # not JSON, or not a report of this schema
            raise self.damaged("report.json is not a valid report") from None


@dataclass(frozen=True)
class Damaged:
    """A folder in sessions/ that cannot be read as a session, and why (one line for the user)."""

    id: str
    reason: str  # the whole line: "Session X is damaged: meta.json is not valid JSON. Delete the folder …"


def scan_sessions(home: Path | None = None, *, fresh_s: float = 10.0) -> tuple[list[tuple[Session, SessionMeta]], list[Damaged]]:
    """Every session whose meta reads (with that meta), and every folder that is damaged, both in id order.

    A damaged session never stops the others from being listed. A folder without meta.json that is younger
    than ``fresh_s`` is a session being created right now and is left out of both lists.
    """
    import time

    root = sessions_root(home)
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except FileNotFoundError:
        return [], []
    except NotADirectoryError:
        raise StorageError(f"{root} is not a folder.", hint="Move it aside; mock keeps its sessions in that folder.") from None
    except OSError as e:
        raise StorageError(f"Cannot read the sessions folder {root}: {e.strerror}.", hint="Check its permissions, or set MOCK_HOME.") from None
    good, damaged = [], []
    for entry in entries:
        if entry.name.startswith(".") or not entry.is_dir(follow_symlinks=False):
            continue  # temporary files, a stray file: not sessions
        sess = Session(Path(entry.path))
        try:
            good.append((sess, sess.meta()))
        except SessionDamaged as e:
            if "meta.json is missing" in e.message:
                try:
                    if time.time() - entry.stat(follow_symlinks=False).st_mtime < fresh_s:
                        continue  # being created by another mock this very second
                except OSError:
                    pass
            damaged.append(Damaged(sess.id, str(e)))
    return good, damaged


def list_sessions(home: Path | None = None) -> list[Session]:
    """The sessions that can be read (damaged ones left out: see :func:`scan_sessions`)."""
    return [s for s, _ in scan_sessions(home)[0]]


def warn_damaged(damaged: list[Damaged], console=None) -> None:
    """One line per damaged session on stderr (or ``console``), so it is named instead of silently hidden."""
    import sys

    for d in damaged:
        if console is not None:
            console.print(f"warning: {d.reason}", style="yellow", markup=False, highlight=False)
        else:
            sys.stderr.write(f"mock: warning: {d.reason}\n")


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
    recovered = 0.0
    if cut_off:
        recovered = repair_wav(session.audio_path)  # the last half second after the header's last rewrite is audio too
    scored = score_file(session.audio_path, rub, transcriber, prompt_id=prompt.id if prompt else meta.prompt_id,
                        key_points=list(prompt.prompt.key_points) if prompt else None)
    # A recording that never finished (the process died while writing it, the disk filled) is cut short even
    # though its repaired header now decodes to the end: say so, as for any truncated file.
    if not scored.report.truncated and cut_off and (meta.status == "recording" or meta.stopped_by == "disk_full" or recovered > 0):
        from interviewer.pipeline import Scored

        scored = Scored(scored.transcript.model_copy(update={"truncated": True}), scored.report.model_copy(update={"truncated": True}))
    session.save_transcript(scored.transcript)
    session.save_report(scored.report)
    session.update(score=scored.report.score, rubric=rub.name, duration_s=round(scored.report.duration_s, 3),
                   model=scored.transcript.model or meta.model, status="interrupted" if cut_off else "complete")
    return scored
