"""A recording given as a file (`mock score`, `--answer FILE`), transcribed as a live round would have transcribed it."""

from __future__ import annotations

import numpy as np

from interviewer.asr.stream import StreamingTranscriber
from interviewer.asr.stream_options import StreamOptions
from interviewer.audio import SAMPLE_RATE
from interviewer.audio.tape import Tape
from interviewer.ports import Decoder
from interviewer.types import Transcript


def transcribe_audio(samples: np.ndarray, transcriber: Decoder, truncated: bool = False, stream: StreamOptions | None = None,
                     vad=None, regions=None) -> Transcript:
    """A whole recording, in the pieces the live transcriber would have decoded it in: the same audio gives the same
    transcript as a live round that captured it (the pieces depend on the audio only), and memory stays flat."""
    st = StreamingTranscriber(transcriber, stream=stream, vad=vad, regions=regions, previews=False, tape=Tape.over(samples))
    try:
        for i in range(0, samples.size, SAMPLE_RATE):
            st.feed(samples[i : i + SAMPLE_RATE])
    except BaseException:
        st.close()
        raise
    return st.finish(truncated=truncated)
