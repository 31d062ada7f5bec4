"""One catalogue for every word a person reads: `_("…")` and `ngettext(…)` around each
message, with named placeholders filled after translation (`_("{count} files").format(…)`).
Codes, keys and IDs are never translated, so scripts, SARIF rules and golden files that read
them stay stable.

English is the source language; Swedish comes from locale/sv/LC_MESSAGES/omst.mo, compiled
from omst.po beside it (tests/test_i18n.py holds the two to each other and to the code). The
language follows OMST_LANG (sv or en), else the locale the usual way: LANGUAGE, LC_ALL,
LC_MESSAGES, LANG, as GNU gettext reads them (a C or POSIX locale is English, whatever
LANGUAGE says), else the user's locale on Windows.

This module sits below every layer and imports nothing of omst's; gettext is imported only
when omst speaks Swedish (English is the source: nothing to look up).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Protocol

DOMAIN = "omst"
LANGUAGES = ("en", "sv")
LOCALE_DIR = Path(__file__).parent / "locale"


class Translations(Protocol):
    def gettext(self, message: str, /) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int, /) -> str: ...


class _Source:
    """English, the language the messages are written in: each is its own translation."""

    def gettext(self, message: str) -> str:
        return message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return singular if n == 1 else plural


_current: Translations | None = None
_speaking = "en"


def language(environ: dict[str, str] | None = None) -> str:
    """The language omst speaks: "sv" or "en"."""
    env = os.environ if environ is None else environ
    forced = env.get("OMST_LANG", "").strip().lower()
    if forced:
        return forced if forced in LANGUAGES else "en"
    locale = next((env[v] for v in ("LC_ALL", "LC_MESSAGES", "LANG") if env.get(v)), "")
    if locale.split(".")[0] in ("C", "POSIX"):
        return "en"
    wanted = [*env.get("LANGUAGE", "").split(":"), locale] if locale else []
    if not wanted and sys.platform == "win32":
        import locale as _locale

        wanted = [_locale.getlocale()[0] or ""]
    for name in wanted:
        code = name.split("_")[0].split(".")[0].lower()
        if code in LANGUAGES:
            return code
        if code in ("swedish", "svenska"):  # Windows names its locales in words
            return "sv"
    return "en"


def use(lang: str | None = None) -> None:
    """Speak `lang` from now on (None: as the environment says)."""
    global _current, _speaking
    chosen = lang if lang in LANGUAGES else language()
    _speaking = chosen
    if chosen == "en":
        _current = _Source()
        return
    import gettext  # with locale: a cost only a Swedish run pays

    _current = gettext.translation(DOMAIN, LOCALE_DIR, languages=[chosen], fallback=True)


def speaking() -> str:
    """The language messages are in now, for what is not a message but still follows the
    language (a decimal comma in Swedish)."""
    translations()
    return _speaking


def number(value: float | str | None, lang: str | None = None) -> str:
    """A number as `lang` (else the language spoken now) writes it: 16,3 in Swedish, 16.3 in
    English; 74 rather than 74.0; exact to six decimals, in exponent form only from 10¹⁵ (the
    bound of a plan's numbers); None is empty. A text is a number already written with a
    point ("47.5", as a file holds it): only its decimal sign follows the language.

    Every layer writes its numbers here, so that a finding, a table and the document agree."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = value
    elif isinstance(value, int):
        text = str(value)
    else:
        rounded = round(value, 6)
        if abs(rounded) >= 1e15:
            text = f"{rounded:g}"
        elif rounded.is_integer():
            text = str(int(rounded))
        else:
            text = repr(rounded)
    return text.replace(".", ",") if (lang or speaking()) == "sv" else text


def translations() -> Translations:
    if _current is None:
        use()
    assert _current is not None
    return _current


def _(message: str) -> str:
    return translations().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return translations().ngettext(singular, plural, count)


def N_(message: str) -> str:
    """A message marked for the catalogue where it is written and translated where it is
    shown (help texts, built before the language matters)."""
    return message
