"""The recorder's writer thread: blocks from a queue appended to a 16 kHz mono PCM WAV whose header is
rewritten (and the file fsynced) every half second, so a crash or ``kill -9`` leaves a playable file
holding all but the last half second. A failed write (a full disk) is kept in ``error``, never raised."""

from __future__ import annotations

import errno
import os
import queue
import threading
import time
from pathlib import Path

import numpy as np

from interviewer.audio import SAMPLE_RATE
from interviewer.errors import StorageError

HEADER_EVERY_S = 0.5  # header rewrite + fsync: what a kill -9 can lose, plus the sound server's latency
SFC_UPDATE_HEADER_NOW = 0x1060  # libsndfile's sf_command: rewrite the header with the frames written so far


def as_saved(block: np.ndarray) -> np.ndarray:
    """``block`` as the 16-bit WAV holds it and gives it back (float32 multiples of 1/32768, which the writer stores
    exactly): what a live round transcribes is then the very audio `mock score` reads from the file."""
    x = np.asarray(block, dtype=np.float32).reshape(-1)
    return (np.clip(np.rint(x * 32768.0), -32768, 32767) / 32768.0).astype(np.float32)


class WavWriter(threading.Thread):
    """Drains the queue into a private WAV; rewrites the header every half second; stops on a full disk."""

    def __init__(self, path: Path, q: "queue.Queue[np.ndarray | None]", sample_rate: int = SAMPLE_RATE):
        super().__init__(daemon=True, name="mock-wav-writer")
        import soundfile as sf

        self.path, self.q, self.sample_rate = path, q, sample_rate
        self.frames = 0
        self.error: OSError | None = None
        try:
            self.fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)  # private from the first byte
            self.file = sf.SoundFile(self.fd, "w", samplerate=sample_rate, channels=1, subtype="PCM_16", format="WAV", closefd=True)
        except (OSError, RuntimeError) as e:
            raise StorageError(f"Cannot write the recording to {path}: {e}.", hint="Check the recordings folder (MOCK_HOME) is writable.") from None
        os.chmod(path, 0o600)

    def _sync_header(self) -> None:
        import soundfile as sf

        self.file.flush()
        sf._snd.sf_command(self.file._file, SFC_UPDATE_HEADER_NOW, sf._ffi.NULL, 0)
        os.fsync(self.fd)  # on disk, not just in the page cache: survives a power cut

    def run(self) -> None:
        last_sync = time.monotonic()
        while True:
            block = self.q.get()
            if block is None:
                break
            if self.error is not None:
                continue  # keep draining so the producer never blocks
            try:
                self.file.write(block)
                self.frames += len(block)
                if time.monotonic() - last_sync >= HEADER_EVERY_S:
                    self._sync_header()
                    last_sync = time.monotonic()
                if _disk_free(self.path) < len(block) * 2 * 4:
                    raise OSError(errno.ENOSPC, "No space left on device")
            except (OSError, RuntimeError, AssertionError) as e:  # soundfile asserts all frames were written
                self.error = e if isinstance(e, OSError) else OSError(errno.ENOSPC, f"write failed: {e}")
        try:
            self._sync_header()
            self.file.close()
        except (OSError, RuntimeError, AssertionError):
            pass


def _disk_free(path: Path) -> int:
    try:
        st = os.statvfs(path.parent)
        return st.f_bavail * st.f_frsize
    except OSError:
        return 1 << 40
