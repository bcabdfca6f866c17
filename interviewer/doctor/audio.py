"""`mock doctor`'s audio checks: PortAudio, espeak-ng for the voice, the microphone (a short recording
with its level) and the speaker (a short tone). Each returns a :class:`~interviewer.doctor.check.Check`."""

from __future__ import annotations

import time

from interviewer.doctor.check import RECORD_S, Check, _first_line, _platform


def check_portaudio() -> Check:
    try:
        import sounddevice as sd
    except OSError as e:
        fix = {"linux": "Install PortAudio: `sudo apt-get install libportaudio2`.",
               "macos": "Reinstall mock (the sounddevice wheel for macOS includes PortAudio), or `brew install portaudio`.",
               "windows": "Reinstall mock (the sounddevice wheel for Windows includes PortAudio)."}.get(_platform(), "Install PortAudio.")
        return Check("PortAudio", "fail", f"not found ({_first_line(e)})", fix)
    return Check("PortAudio", "ok", sd.get_portaudio_version()[1].split(", revision")[0])


def check_espeak(voice: str) -> Check:
    """libespeak-ng: what pyttsx3 speaks with on Linux (--voice system). Piper carries its own copy."""
    import ctypes.util

    if _platform() != "linux":
        return Check("espeak-ng", "ok", f"not used on {_platform()} (--voice system uses the platform's own voices)")
    found = ctypes.util.find_library("espeak-ng")
    if found:
        return Check("espeak-ng", "ok", f"{found} (for --voice system)")
    return Check("espeak-ng", "warn", "libespeak-ng not found: --voice system cannot speak" + (" (your configured voice)" if voice == "system" else ""),
                 "Install it: `sudo apt-get install libespeak-ng1` (or keep the default --voice piper).")


def _no_device_fix(kind: str) -> str:
    plat = _platform()
    if plat == "linux":
        base = ("No sound server or sound card is reachable: start your desktop's sound server (PipeWire or PulseAudio: "
                "`pactl info` should answer) or plug a device in; on Debian also `sudo apt-get install libasound2-plugins` "
                "so PortAudio can reach PulseAudio.")
    elif plat == "macos":
        base = "Plug a device in and allow microphone access for your terminal (System Settings > Privacy & Security > Microphone)."
    else:
        base = "Plug a device in and allow microphone access (Settings > Privacy > Microphone)."
    if kind == "input":
        return base + " Meanwhile `mock modeling --answer FILE` scores a recording."
    return base + " Meanwhile questions are printed, and `mock replay ID --no-audio` prints the timeline."


def _devices_text(devs, kind: str) -> str:
    names = [f"{d.index}: {d.name}" for d in devs if (d.inputs if kind == "input" else d.outputs) > 0]
    return "; ".join(names) if names else "none"


def _resolve(kind: str, device: str | None):
    """(sounddevice, the devices, the chosen index, its name), or the Check saying why there is none."""
    from interviewer.errors import DeviceError
    from interviewer.audio.devices import list_devices, resolve_device

    mic = kind == "input"
    what, status = ("microphone", "fail") if mic else ("speaker", "warn")
    printed = "" if mic else ": questions will be printed"
    try:
        import sounddevice as sd
    except OSError:
        return Check(what, status, f"no PortAudio, so no {what}{printed}", "Fix PortAudio first (above).")
    devs = list_devices()
    try:
        idx = resolve_device(device, kind)
    except DeviceError as e:
        if not any((d.inputs if mic else d.outputs) > 0 for d in devs):
            if mic:
                return Check(what, status, f"no microphone found (audio inputs: none; outputs: {_devices_text(devs, 'output')})",
                             _no_device_fix("input"))
            fix = ("The same cause as the microphone's, and the same fix. Meanwhile questions are printed."
                   if not any(d.inputs > 0 for d in devs) else _no_device_fix("output"))
            return Check(what, status, f"no speaker found (audio outputs: none){printed}", fix)
        return Check(what, status, f"{e.message}{printed}",
                     "Pick one from `mock devices` with --device" + (", or set device in the config file." if mic else "."))
    return sd, devs, idx, next((d.name for d in devs if d.index == idx), str(idx))


def check_microphone(device: str | None) -> Check:
    import numpy as np

    from interviewer.audio import SAMPLE_RATE

    found = _resolve("input", device)
    if isinstance(found, Check):
        return found
    sd, devs, idx, name = found
    blocks: list[np.ndarray] = []

    def callback(indata, frames, t, status):  # noqa: ARG001
        blocks.append(indata[:, 0].copy())

    want = int(RECORD_S * SAMPLE_RATE)
    try:
        with sd.InputStream(samplerate=SAMPLE_RATE, channels=1, dtype="float32", device=idx, callback=callback):
            deadline = time.monotonic() + RECORD_S + 5
            while sum(b.size for b in blocks) < want and time.monotonic() < deadline:
                time.sleep(0.02)
    except Exception as e:  # PortAudioError: busy, unsupported rate, permission
        return Check("microphone", "fail", f"{idx}: {name} would not record ({_first_line(e)})",
                     "Close other programs using it, pick another with --device (`mock devices`), or check microphone permissions.")
    got = np.concatenate(blocks)[:want] if blocks else np.zeros(0, np.float32)
    inputs = _devices_text(devs, "input")
    if got.size < want // 2:
        return Check("microphone", "fail", f"{idx}: {name} delivered {got.size / SAMPLE_RATE:.2f} s of audio in {RECORD_S + 5:.0f} s",
                     "The device stalls: pick another with --device (`mock devices`).")
    peak = float(np.max(np.abs(got))) if got.size else 0.0
    rms = float(np.sqrt(np.mean(got.astype(np.float64) ** 2))) if got.size else 0.0
    db = 20 * np.log10(rms) if rms > 0 else float("-inf")
    level = f"level {db:.0f} dBFS, peak {peak:.2f}" if rms > 0 else "silent (digital zero)"
    detail = f"{idx}: {name}: recorded {got.size / SAMPLE_RATE:.1f} s, {level} (inputs: {inputs})"
    if peak == 0.0 or db < -70:
        return Check("microphone", "warn", detail, "Nothing was heard: is the microphone muted, or is it the right one? Speak while `mock doctor` runs.")
    return Check("microphone", "ok", detail)


def check_speaker(device: str | None) -> Check:
    import numpy as np

    from interviewer.audio.playback import Playback
    from interviewer.errors import DeviceError

    found = _resolve("output", device)
    if isinstance(found, Check):
        return found
    _, devs, idx, name = found
    try:
        Playback(np.zeros(int(0.1 * 22050), np.float32), 22050, idx).play()  # opens it; plays silence
    except DeviceError as e:
        return Check("speaker", "warn", f"{idx}: {name} would not play ({_first_line(e.cause)}): questions will be printed",
                     "Pick another with --device (`mock devices`).")
    return Check("speaker", "ok", f"{idx}: {name} plays (outputs: {_devices_text(devs, 'output')})")
