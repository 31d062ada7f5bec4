"""Plain data from a composed YAML file: from libyaml's node tree (`NodeBuilder`, for files
with anchors and aliases) or straight from its events (`EventBuilder`, the others).

Only YAML 1.2's core types are read implicitly (null, booleans, integers, and decimals where
numbers are meant); every other plain scalar is text, as written, with an OMST009 warning
where a YAML 1.1 tool would read it otherwise. What stops a build is raised as `Stop`
carrying its problem (yamlerrors.py), and placed by the entry point (yamlfile.py).
"""

from __future__ import annotations

import math
import re
from typing import Any, cast

from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from . import yamlerrors as problems
from .document import Document, PathKey, Pos

MAX_DEPTH = 64
# Nodes that alias expansion may add: a real plan needs a handful, a "billion laughs"
# document needs billions.
MAX_ALIAS_NODES = 10_000
# Digits of an integer: Python reads none of more than 4300, a plan needs a handful; how
# large a number may be where one is meant is the schema's to say (forvaltning: 10^15).
MAX_DIGITS = 100

_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {f"{_TAG}{t}" for t in ("str", "int", "bool", "null", "map", "seq")}
_STR = f"{_TAG}str"

# YAML 1.2 core schema, the only implicit types a plan uses (booleans for flags, integers
# where a schema asks for one). Everything else plain is text, as written.
NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$")
# YAML's spellings of NaN and the infinities: where numbers are meant, refused (no schema
# engine, chart or sum can use them), rather than kept as text with a warning to quote them.
_NOT_FINITE = re.compile(r"^(?:\.(?:nan|NaN|NAN)|[-+]?\.(?:inf|Inf|INF))$")

_KIND_BY_TAG = {
    f"{_TAG}bool": "a boolean",
    f"{_TAG}int": "a number",
    f"{_TAG}float": "a number",
    f"{_TAG}timestamp": "a date",
    f"{_TAG}null": "null (nothing)",
}

_yaml11 = Resolver()  # only asked what a YAML 1.1 reader would make of a plain scalar
# The first characters of anything a YAML 1.1 reader resolves implicitly: a plain scalar
# that starts otherwise ("Nära vård", "id") is text there too, and is not asked about.
_YAML11_FIRST = frozenset(ch for ch in Resolver.yaml_implicit_resolvers if ch) | {""}
# The first characters of a plain null, boolean or number as read here (YAML 1.2 core).
_MAYBE_TYPED = frozenset("~0123456789+-.nNtTfF") | {""}


class Stop(Exception):
    """The file cannot be built: `problem` at the node or event `node`."""

    def __init__(self, node: Any, problem: problems.Problem) -> None:
        self.node, self.problem = node, problem


class Aliases(Exception):
    """An anchor or alias after all: the file is read again through the node tree."""


def pos(node: Any) -> Pos:
    """Where a node or an event starts, 1-based."""
    return Pos(node.start_mark.line + 1, node.start_mark.column + 1)


def plain_null(node: ScalarNode) -> bool:
    # libyaml marks a plain scalar with style "", the pure parser with None.
    return not node.style and bool(NULL.match(node.value))


class NodeBuilder:
    """Data from libyaml's node tree: for files with anchors and aliases, which a node
    tree resolves (and whose expansion it must bound)."""

    def __init__(self, doc: Document, floats: bool) -> None:
        self.doc = doc
        self.values, self.keys, self.texts = doc.values, doc.keys, doc.texts
        self.floats = floats
        self.seen: set[int] = set()
        self.alias_budget = MAX_ALIAS_NODES
        # List items where their first key came again, a new item written without "- ": the
        # keys after it repeat the item's keys for the same reason, and are not reported.
        self.undashed: set[PathKey] = set()

    def build(self, node: Node, path: PathKey, depth: int, aliased: bool = False) -> Any:
        if depth > MAX_DEPTH:
            raise Stop(node, problems.nesting_deeper_than(MAX_DEPTH, aliased))
        if id(node) in self.seen:
            aliased = True
        else:
            self.seen.add(id(node))
        if aliased:
            self.alias_budget -= 1
            if self.alias_budget < 0:
                raise Stop(node, problems.alias_bomb(MAX_ALIAS_NODES))
        mark = node.start_mark
        self.values[path] = (mark.line + 1, mark.column + 1)
        if node.tag not in _ALLOWED_TAGS:
            raise Stop(node, problems.tag_not_allowed(node.tag))
        if isinstance(node, ScalarNode):
            value = self.scalar_value(node, node.tag)
            if type(value) is str:
                self.texts.append((path, value))
            return value
        if isinstance(node, SequenceNode):
            return [
                self.build(item, (*path, i), depth + 1, aliased)
                for i, item in enumerate(node.value)
            ]
        return self.mapping(cast(MappingNode, node), path, depth, aliased)

    def mapping(self, node: MappingNode, path: PathKey, depth: int, aliased: bool) -> Any:
        data: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise Stop(key_node, problems.key_not_text())
            key_path = self.key(key_node, key_node.tag, data, path)
            if key_path is not None:
                data[key_node.value] = self.build(value_node, key_path, depth + 1, aliased)
        return data

    def key(self, source: Any, tag: str, data: dict[str, Any], path: PathKey) -> PathKey | None:
        """A mapping key (node or event; `tag` as resolved) checked and placed: its path, or
        None for a duplicate, which is reported and whose value is not to be built."""
        if tag not in _ALLOWED_TAGS:
            raise Stop(source, problems.tag_not_allowed(tag))
        key = source.value
        if key == "<<" and not source.style:
            raise Stop(source, problems.merge_key())
        if not source.style and key[:1] in _YAML11_FIRST:
            self.warn_yaml11(source, key, is_key=True)
        key_path = (*path, key)
        if key in data:
            self.doc.dropped.append(key_path)
            if path in self.undashed:
                return None
            first = self.keys[key_path][0]
            # The key a list item starts with, again: the next item, written without "- ".
            if path and isinstance(path[-1], int) and key == next(iter(data)):
                self.undashed.add(path)
                problem = problems.item_without_dash(key, first)
            else:
                problem = problems.duplicate_key(key, first)
            self.doc.findings.append(problem.at(self.doc, pos(source)))
            return None
        mark = source.start_mark
        self.keys[key_path] = (mark.line + 1, mark.column + 1)
        return key_path

    def scalar_value(self, node: Any, tag: str) -> Any:
        """A scalar node or event as data; `tag` is its tag as resolved (plain: str)."""
        value = node.value
        if tag != _STR:
            return _explicit(node, tag)
        if node.style:  # quoted or block: always text
            return value
        first = value[:1]
        if first not in _MAYBE_TYPED:  # plain text such as "Nära vård": most scalars
            if first in _YAML11_FIRST:
                self.warn_yaml11(node, value)
            return value
        if NULL.match(value):
            return None
        if value in _BOOL:
            return _BOOL[value]
        if _INT.match(value):
            return _integer(node, value)
        if self.floats:
            if _FLOAT.match(value):
                number = float(value)
                if math.isfinite(number):
                    return number
                raise Stop(node, problems.not_finite(value))  # 1.0e+400
            if _NOT_FINITE.match(value):
                raise Stop(node, problems.not_finite(value))
        if value[:1] in _YAML11_FIRST:
            self.warn_yaml11(node, value)
        return value

    def warn_yaml11(self, node: Any, value: str, is_key: bool = False) -> None:
        tag = _yaml11.resolve(ScalarNode, value, (True, False))
        kind = _KIND_BY_TAG.get(tag)
        # A plain integer value becomes an int here too (and the schema says if text was
        # meant); a key is always text here, so there the integer is a surprise as well.
        if kind and (is_key or not _INT.match(value)):
            self.doc.findings.append(
                problems.yaml11_reading(value, kind, is_key).at(self.doc, pos(node))
            )


def _explicit(node: Any, tag: str) -> Any:
    value = node.value
    if tag == f"{_TAG}null":
        return None
    if tag == f"{_TAG}bool" and value in _BOOL:
        return _BOOL[value]
    if tag == f"{_TAG}int" and _INT.match(value):
        return _integer(node, value)
    raise Stop(node, problems.not_valid_as_tagged(value, tag))


def _integer(node: Any, value: str) -> int:
    digits = len(value) - (value[0] in "+-")
    if digits > MAX_DIGITS:
        raise Stop(node, problems.too_many_digits(digits, MAX_DIGITS))
    return int(value)


class EventBuilder(NodeBuilder):
    """Data straight from libyaml's events, without a node tree: half the time of composing
    and building, and no tree held in memory. For files without anchors and aliases (the
    node builder takes the others); it finds what the node builder finds, in the same
    places (tests/test_load.py holds them to each other)."""

    def __init__(self, doc: Document, floats: bool, parser: Any) -> None:
        super().__init__(doc, floats)
        self.next = parser.get_event

    def document(self) -> Any:
        """The one document's data; None with a finding where there is none to build."""
        self.next()  # StreamStart
        start = self.next()
        if type(start) is StreamEndEvent:
            return self._empty()
        root = self.next()
        if (
            type(root) is ScalarEvent
            and not root.style
            and NULL.match(root.value)
            and root.tag is None
            and root.anchor is None
        ):
            self.next()  # DocumentEnd
            return self._empty() if self._single() else None
        try:
            data = self.value(root, (), 0)
        except Stop as stop:
            self._drain()  # a YAML error later in the file is what the reader reports
            if self._single():
                self.doc.findings.append(stop.problem.at(self.doc, pos(stop.node)))
            return None
        self.next()  # DocumentEnd
        return data if self._single() else None

    def _empty(self) -> None:
        self.doc.findings.append(problems.empty_file().at(self.doc, Pos(1, 1)))

    def _single(self) -> bool:
        """After the document: the stream's end, or a finding for a second document."""
        event = self.next()
        if type(event) is DocumentStartEvent:
            del self.doc.findings[:]
            self.doc.findings.append(problems.second_document().at(self.doc, pos(event)))
            return False
        return True

    def _drain(self) -> None:
        """Read on to the end of the document, so that a syntax error further on is found."""
        depth = 1
        while depth:
            kind = type(self.next())
            if kind in (MappingStartEvent, SequenceStartEvent):
                depth += 1
            elif kind in (MappingEndEvent, SequenceEndEvent):
                depth -= 1
            elif kind is DocumentEndEvent:
                return
        while type(self.next()) is not DocumentEndEvent:
            pass

    def value(self, event: Any, path: PathKey, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise Stop(event, problems.nesting_deeper_than(MAX_DEPTH))
        kind = type(event)
        if kind is AliasEvent or event.anchor is not None:
            raise Aliases
        mark = event.start_mark
        self.values[path] = (mark.line + 1, mark.column + 1)
        tag = event.tag
        if tag is not None and tag != "!" and tag not in _ALLOWED_TAGS:
            raise Stop(event, problems.tag_not_allowed(tag))
        if kind is ScalarEvent:
            value = self.scalar_value(event, _STR if tag is None or tag == "!" else tag)
            if type(value) is str:
                self.texts.append((path, value))
            return value
        if kind is SequenceStartEvent:
            items: list[Any] = []
            while True:
                item = self.next()
                if type(item) is SequenceEndEvent:
                    return items
                items.append(self.value(item, (*path, len(items)), depth + 1))
        return self.mapping_events(path, depth)

    def mapping_events(self, path: PathKey, depth: int) -> dict[str, Any]:
        data: dict[str, Any] = {}
        while True:
            key_event = self.next()
            kind = type(key_event)
            if kind is MappingEndEvent:
                return data
            if kind is AliasEvent or key_event.anchor is not None:
                raise Aliases
            if kind is not ScalarEvent:
                raise Stop(key_event, problems.key_not_text())
            tag = key_event.tag
            key_path = self.key(key_event, _STR if tag is None or tag == "!" else tag, data, path)
            if key_path is None:
                self._skip()
            else:
                data[key_event.value] = self.value(self.next(), key_path, depth + 1)

    def _skip(self) -> None:
        """Read past one value without building it."""
        depth = 0
        while True:
            event = self.next()
            kind = type(event)
            if kind is AliasEvent or getattr(event, "anchor", None) is not None:
                raise Aliases
            if kind in (MappingStartEvent, SequenceStartEvent):
                depth += 1
            elif kind in (MappingEndEvent, SequenceEndEvent):
                depth -= 1
            if depth == 0:
                return
