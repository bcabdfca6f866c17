"""Old import path of :mod:`interviewer.sessions`, kept while modules outside the session store (the live
path and its tests) still import from here; new code imports :mod:`interviewer.sessions.store`,
:mod:`.index` and :mod:`.files`."""

from interviewer.pipeline import score_session  # noqa: F401
from interviewer.sessions.files import private_dir, private_file, storage_error, write_private  # noqa: F401
from interviewer.sessions.index import Damaged, last_practiced, scan_sessions, warn_damaged  # noqa: F401
from interviewer.sessions.store import (  # noqa: F401
    AUDIO_NAME, Session, SessionMeta, is_session_id, mock_home, session_status, sessions_root,
)
from interviewer.wavfile import repair_wav, wav_seconds  # noqa: F401
