"""Replay: the score laid over the recording.

:mod:`.timeline` is pure (events, the state at an instant, the ``--no-audio`` text); the renderers draw
it: :mod:`.player` (the speaker, with a live panel), :mod:`.vtt` (WebVTT captions) and :mod:`.html` (one
self-contained page from the packaged template ``page.html``).
"""

from interviewer.replay.html import to_html  # noqa: F401
from interviewer.replay.player import live_view, play  # noqa: F401
from interviewer.replay.timeline import Event, Now, now, render_text, timeline  # noqa: F401
from interviewer.replay.vtt import to_vtt  # noqa: F401
