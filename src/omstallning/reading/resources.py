"""Where the schemas and default templates are: inside the installed package, or in the
repository's top-level folders when running from a source checkout."""

from __future__ import annotations

from pathlib import Path

from ..i18n import _

_PACKAGE = Path(__file__).resolve().parents[1]  # src/omstallning


def resource_dir(name: str) -> Path:
    """`schemas` or `templates`: the wheel carries them in the package (see pyproject)."""
    inside = _PACKAGE / name
    if inside.is_dir():
        return inside
    checkout = _PACKAGE.parent.parent / name  # src/omstallning → repository root
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(
        _("omst is installed without its {name}/ folder ({inside})").format(
            name=name, inside=inside
        )
    )
