"""Memory: big buffers allocated and freed on two threads must go back to the system."""

from __future__ import annotations

import functools


_M_MMAP_THRESHOLD = -3  # glibc mallopt parameter
HEAP_MMAP_THRESHOLD = 256 * 1024


@functools.cache
def bound_heap() -> bool:
    """Serve allocations of 256 KiB and more with mmap, so freeing them gives the memory back.

    A live session allocates and frees large buffers on two threads at once (the VAD over the open
    tail, Whisper's decoder); glibc's default raises its mmap threshold after the first such free and
    then keeps those buffers in fragmented heaps: peak RSS 593 MB for a 3-minute answer, 368 MB with a
    fixed threshold (decoding is ~10% slower, on the background thread). No-op outside glibc.
    """
    try:
        import ctypes

        return bool(ctypes.CDLL(None).mallopt(_M_MMAP_THRESHOLD, HEAP_MMAP_THRESHOLD))
    except (OSError, AttributeError):
        return False
