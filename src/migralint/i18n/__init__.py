"""migralint in its users' languages: gettext catalogs managed with Babel."""

from __future__ import annotations

from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"

# English is the source language; the others have catalogs.
LANGUAGES = {
    "en": "English",
    "es": "Español",
    "fr": "Français",
    "ko": "한국어",
    "th": "ไทย",
    "ar": "العربية",
}
