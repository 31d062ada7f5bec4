"""YAML → plain data plus a source position for every node; never raises on bad input.

PyYAML's own loaders are not used to build data: they silently keep the last of two equal
keys, turn `no`, `on`, `2024-05-31` and `1.10` into booleans, dates and floats, and expand
aliases without limit. Here libyaml (or the pure parser) only composes, with a resolver of
our own that resolves nothing, and builders.py turns events or nodes into data. The codes
and messages of what can go wrong are in yamlerrors.py.
"""

from __future__ import annotations

import gc
import re
from typing import Any

import yaml
from yaml.nodes import ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from . import yamlerrors as problems
from .builders import Aliases, EventBuilder, NodeBuilder, Stop, plain_null, pos
from .document import Document, PathKey, Pos, path_text
from .findings import Finding

__all__ = [
    "Composer",
    "Document",
    "PathKey",
    "Pos",
    "PurePythonComposer",
    "decode",
    "parse",
    "path_text",
    "too_large",
    "without_bom",
]


class _NoImplicitResolver(BaseResolver):
    # Own empty tables, so that nothing registered on PyYAML's classes reaches us.
    yaml_implicit_resolvers = {}  # noqa: RUF012
    yaml_path_resolvers = {}  # noqa: RUF012

    # The parser asks these for every node; with nothing to resolve, answer at once (the
    # inherited versions walk empty tables, a fifth of the time of composing a large plan).
    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        if kind is ScalarNode:
            return BaseResolver.DEFAULT_SCALAR_TAG
        if kind is SequenceNode:
            return BaseResolver.DEFAULT_SEQUENCE_TAG
        return BaseResolver.DEFAULT_MAPPING_TAG

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


class PurePythonComposer(
    yaml.reader.Reader,
    yaml.scanner.Scanner,
    yaml.parser.Parser,
    yaml.composer.Composer,
    _NoImplicitResolver,
):
    """Composes with PyYAML's pure-Python parser: the fallback where libyaml is missing."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        _NoImplicitResolver.__init__(self)


Composer: type = PurePythonComposer
try:
    from yaml.cyaml import CParser  # type: ignore[attr-defined]

    class LibyamlComposer(CParser, _NoImplicitResolver):
        """Composes with libyaml's C parser: several times faster, same nodes and marks."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _NoImplicitResolver.__init__(self)

    Composer = LibyamlComposer
except ImportError:
    pass


# Where an anchor (&a) or an alias (*a) could stand: after a space, an indicator or the start
# of a line. Plan text may trip it ("*) fotnot"); that only costs memory, not correctness.
_MAY_ALIAS = re.compile(r"(?:^|[\s\[{,:-])[&*][^\s,\[\]{}]", re.M)
_MAY_ALIAS_BYTES = re.compile(_MAY_ALIAS.pattern.encode("ascii"), re.M)


def _as_text(text: str | bytes) -> str:
    return text.decode("utf-8", "replace") if isinstance(text, bytes) else text


def too_large(path: str, size: int, limit: int) -> Finding | None:
    """The located reason a file of `size` bytes is not read, if it is over the limit."""
    if size <= limit:
        return None
    return problems.file_too_large(size, limit).at(Document(path), Pos(1, 1))


def without_bom(raw: bytes) -> bytes:
    # A UTF-8 BOM: positions count from after it.
    return raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw


def decode(path: str, raw: bytes) -> tuple[str | None, Finding | None]:
    """Bytes → text, or the located reason the file is not a text plan."""
    doc = Document(path)
    raw = without_bom(raw)
    if b"\0" in raw:
        return None, problems.binary_file().at(doc, _byte_pos(raw, raw.index(b"\0")))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, problems.not_utf8(raw[exc.start]).at(doc, _byte_pos(raw, exc.start))
    return text, None


def _byte_pos(raw: bytes, index: int) -> Pos:
    before = raw[:index].decode("utf-8", "replace")
    return problems.line_col(before, len(before))


def parse(path: str, text: str | bytes, floats: bool = False) -> Document:
    """Text → Document; every problem is a finding on the document, nothing is raised.

    With `floats`, a plain decimal such as 16.3 is a number (the förvaltningar's outcomes and
    targets); without, as in the plans, where no number is meant, it is kept as written.
    `text` may be the file's UTF-8 bytes (checked by decode() first): libyaml reads them
    as they are, with the same marks, and no decoded copy of a large file is held."""
    gc_was_enabled = gc.isenabled()
    # Composing and building allocate many objects that all live on: a collection would only
    # walk them again and again (at 100x the plans, four fifths of the time).
    gc.disable()
    try:
        return _parse(path, text, floats)
    finally:
        if gc_was_enabled:
            gc.enable()


def _parse(path: str, text: str | bytes, floats: bool) -> Document:
    if isinstance(text, bytes) and Composer is PurePythonComposer:
        text = text.decode("utf-8")
    # Most plan files hold neither & nor *: a find in C answers for them at once, where
    # the pattern's scan costs about a millisecond per 40 kB.
    if isinstance(text, bytes):
        may_alias = (b"&" in text or b"*" in text) and bool(_MAY_ALIAS_BYTES.search(text))
    else:
        may_alias = ("&" in text or "*" in text) and bool(_MAY_ALIAS.search(text))
    if not may_alias:
        try:
            return _parse_events(path, text, floats)
        except Aliases:
            pass  # an anchor the quick look missed: read it as a node tree
    return _parse_nodes(path, text, floats)


def _parse_events(path: str, text: str | bytes, floats: bool) -> Document:
    doc = Document(path)
    parser = Composer(text)
    try:
        doc.data = EventBuilder(doc, floats, parser).document()
    except yaml.YAMLError as exc:
        doc.data = None
        doc.findings[:] = [problems.yaml_error(doc, _as_text(text), exc)]
    except RecursionError:
        doc.data = None
        doc.findings[:] = [problems.nesting_too_deep_to_read().at(doc, Pos(1, 1))]
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose:
            dispose()
    return doc


def _parse_nodes(path: str, text: str | bytes, floats: bool) -> Document:
    doc = Document(path)
    try:
        composer = Composer(text)
        try:
            root = composer.get_single_node()
        finally:
            dispose = getattr(composer, "dispose", None)
            if dispose:
                dispose()
    except yaml.YAMLError as exc:
        doc.findings.append(problems.yaml_error(doc, _as_text(text), exc))
        return doc
    except RecursionError:
        doc.findings.append(problems.nesting_too_deep_to_read().at(doc, Pos(1, 1)))
        return doc
    if root is None or (isinstance(root, ScalarNode) and plain_null(root)):
        doc.findings.append(problems.empty_file().at(doc, Pos(1, 1)))
        return doc
    try:
        doc.data = NodeBuilder(doc, floats).build(root, (), 0)
    except Stop as stop:
        doc.data = None
        doc.findings.append(stop.problem.at(doc, pos(stop.node)))
    except RecursionError:
        doc.data = None
        doc.findings.append(problems.nesting_too_deep_to_read().at(doc, Pos(1, 1)))
    return doc
