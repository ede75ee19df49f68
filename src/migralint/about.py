"""`migralint --version`: the version, and what a bug report needs to know
about the machine's part in a result (Python, whether libyaml reads the
YAML, how many rules there are, which holiday and time-zone data).
"""

from __future__ import annotations

import os
import platform
import sys


def version_text() -> str:
    from migralint import __version__

    lines = [f"migralint, version {__version__}"]
    lines.append(f"  python    {platform.python_version()} ({sys.implementation.name})")
    lines.append(f"  yaml      PyYAML {_version('PyYAML')}, libyaml: {_libyaml()}")
    lines.append(f"  rules     {_rule_count()} bundled")
    lines.append(f"  holidays  {_version('holidays')}")
    lines.append(f"  tzdata    {_tzdata()}")
    return "\n".join(lines)


def _version(distribution: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


def _libyaml() -> str:
    import yaml

    if getattr(yaml, "__with_libyaml__", False):
        return "yes"
    return "no (the pure-Python reader, slower)"


def _rule_count() -> int:
    from migralint import rules

    return len(rules.bundled_rules())


def _tzdata() -> str:
    """Which time-zone database zoneinfo reads first: the system's (its IANA
    release when it says) or the tzdata package."""
    import zoneinfo

    package = _version("tzdata")
    try:
        import tzdata

        package_release = getattr(tzdata, "IANA_VERSION", None)
    except ImportError:
        package_release = None
    package_text = f"package {package}" + (f" (IANA {package_release})" if package_release else "")
    for folder in zoneinfo.TZPATH:
        if os.path.isdir(folder):
            release = _system_release(folder)
            system = f"system {folder}" + (f" (IANA {release})" if release else "")
            return f"{system}; {package_text}"
    return package_text


def _system_release(folder: str) -> str | None:
    try:
        with open(os.path.join(folder, "tzdata.zi"), encoding="utf-8") as handle:
            first = handle.readline(100)
    except OSError:
        return None
    if first.startswith("# version "):
        return first[len("# version ") :].strip()
    return None
