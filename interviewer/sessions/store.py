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

import json
import os
import re
import stat
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from interviewer.errors import SessionDamaged, SessionNotFound, StorageError
from interviewer.sessions.files import private_dir, storage_error, write_private
from interviewer.types import FocusedPart, Report, Transcript

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


NO_SPEECH = "no_speech"  # meta.stopped_by of a round in which nothing was said (not practice)

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
    focus: FocusedPart | None = None  # a focused attempt on one part of the question `focus.prompt_id` (its own trend)


def session_status(meta_status: str, has_audio: bool, has_report: bool, stopped_by: str | None = None) -> str:
    """The rule behind :attr:`Session.status`, pure so it can be tested on its own."""
    if meta_status == "complete" and stopped_by == NO_SPEECH and not has_report:
        return "no speech"  # finished, and nothing was said: nothing to score, not practised
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
               target_s: float | None = None, home: Path | None = None, now: datetime | None = None,
               focus: FocusedPart | None = None) -> "Session":
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
                                           prompt_id=prompt_id, prompt_text=prompt_text, rubric=rubric, target_s=target_s,
                                           focus=focus))
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
        """complete; no speech (a round that ended with nothing said); or interrupted: a recording that never
        finished (Ctrl-C, a crash, kill -9, a full disk).

        A session is interrupted when its meta says "recording" or "interrupted", or when it has audio but
        no report (the process died between recording and scoring, whatever the meta says).
        """
        meta = self.meta()
        return session_status(meta.status, self.audio_path.is_file(), self.report_path.is_file(), meta.stopped_by)

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
