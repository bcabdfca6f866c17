"""Speech to words: which model (models), where speech is (vad), one deterministic decode (decode), the
words made trustworthy (words), and decoding while the candidate speaks (stream)."""
