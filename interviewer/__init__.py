"""mock: an offline voice mock-interviewer for senior data-engineering interviews."""

import os

# CTranslate2 (Whisper) runs its layers on OpenMP threads that, by libgomp's default, spin between
# parallel regions. In a live round the decoder shares 2 cores with the microphone loop, the VAD and the
# scorer's embedding, all in this process: with spinning, the last decode of a 50 s answer finished
# 33-165 s after the answer ended (6 runs while another process used one core); with passive waits,
# 1.5-2.5 s in the same conditions. A decode on its own is no slower (bench/run.py, README "Latency").
# Set before anything loads ctranslate2; a value the user set wins.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

__version__ = "0.1.0"
