"""Sound in and out: devices, the recorder and its meter, the interviewer's voice, synthesized speech
for tests and benchmarks, and recordings on disk. Everything here is 16 kHz mono float32."""

SAMPLE_RATE = 16_000
