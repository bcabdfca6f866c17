"""Sound devices through PortAudio (python-sounddevice): list them, and resolve ``--device`` to one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from interviewer.errors import DeviceError

@dataclass(frozen=True)
class DeviceInfo:
    index: int
    name: str
    inputs: int
    outputs: int
    default: str  # "input", "output", "input+output" or ""
    samplerate: float = 0.0


def sounddevice():
    try:
        import sounddevice as sd
    except OSError as e:  # libportaudio2 missing
        raise DeviceError(f"No audio system: {e}.", hint="Install it with `apt-get install libportaudio2`, or pass --answer FILE.") from None
    return sd


def list_devices() -> list[DeviceInfo]:
    sd = sounddevice()
    try:
        devs = sd.query_devices()
        d_in, d_out = sd.default.device
    except Exception:  # PortAudio without any host API
        return []
    out = []
    for i, d in enumerate(devs):
        marks = [m for m, idx in (("input", d_in), ("output", d_out)) if idx == i]
        out.append(DeviceInfo(i, d["name"], d["max_input_channels"], d["max_output_channels"], "+".join(marks), d["default_samplerate"]))
    return out


def _describe(devs: list[DeviceInfo], kind: str) -> str:
    names = [f"{d.index}: {d.name}" for d in devs if (d.inputs if kind == "input" else d.outputs) > 0]
    return "; ".join(names) if names else "none"


def resolve_device(device: str | int | None, kind: Literal["input", "output"] = "input") -> int | None:
    """The PortAudio index for ``--device NAME|INDEX`` (None: the system default), or a DeviceError."""
    devs = list_devices()
    usable = [d for d in devs if (d.inputs if kind == "input" else d.outputs) > 0]
    what = "microphone" if kind == "input" else "speaker"
    if not usable:
        raise DeviceError(f"No {what} found (audio {kind}s: none).",
                          hint="Plug one in and check `mock devices`, or pass --answer FILE to score a recording." if kind == "input" else "")
    if device is None or device == "":
        default = next((d for d in usable if kind in d.default), None)
        return default.index if default else usable[0].index
    if isinstance(device, int) or str(device).isdigit():
        idx = int(device)
        if any(d.index == idx for d in usable):
            return idx
    else:
        exact = [d for d in usable if d.name == device]
        partial = [d for d in usable if str(device).lower() in d.name.lower()]
        if exact or len(partial) == 1:
            return (exact or partial)[0].index
        if len(partial) > 1:
            raise DeviceError(f"--device '{device}' matches several {kind}s: {_describe(partial, kind)}.", hint="Pick one by its index.")
    raise DeviceError(f"Unknown {kind} device '{device}'. Audio {kind}s: {_describe(devs, kind)}.",
                      hint="Pick one from `mock devices`, or pass --answer FILE to score a recording.")


def device_name(index: int | None) -> str:
    for d in list_devices():
        if d.index == index:
            return d.name
    return str(index)
