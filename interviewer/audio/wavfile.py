"""Audio files on disk: how many seconds a WAV really holds, and the repair of a header left stale by a
recorder that was killed (the recorder rewrites its header every half second)."""

from __future__ import annotations

import os
import struct
from pathlib import Path


def _wav_layout(f) -> tuple[int, int, int, int, int] | None:
    """(data chunk offset, its declared size, bytes present after it, block align, rate) of a PCM WAV
    whose data chunk is the last one; None for anything else."""
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
