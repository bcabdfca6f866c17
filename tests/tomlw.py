"""A small TOML writer for the tests that build rubric and prompt files (tables, arrays of tables, scalars,
lists of scalars: what our data files use)."""

from __future__ import annotations

import json
import math


def _scalar(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v)  # a JSON string is a valid TOML basic string (\\uXXXX escapes included)
    if isinstance(v, list):
        return "[" + ", ".join(_scalar(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {_scalar(x)}" for k, x in v.items()) + "}"
    raise TypeError(type(v))


def dumps(data: dict, prefix: str = "") -> str:
    lines, tables = [], []
    for k, v in data.items():
        key = json.dumps(k)
        if isinstance(v, dict):
            tables.append((k, v, False))
        elif isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
            tables.append((k, v, True))
        else:
            lines.append(f"{key} = {_scalar(v)}")
    out = "\n".join(lines) + ("\n" if lines else "")
    for k, v, is_array in tables:
        name = f"{prefix}.{json.dumps(k)}" if prefix else json.dumps(k)
        if is_array:
            for item in v:
                out += f"\n[[{name}]]\n" + dumps(item, name)
        else:
            out += f"\n[{name}]\n" + dumps(v, name)
    return out
