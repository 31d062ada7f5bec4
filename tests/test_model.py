"""The model: immutable values, equal when built from the same plans, and cheap to import
(every command pays for its classes at start-up)."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from helpers import MINI
from omstallning.checks import check_dir
from omstallning.model import followup, loc, plans, walk
from omstallning.model.followup import Tertial


def test_the_model_builds_no_dataclass_at_import() -> None:
    # @dataclass compiles each class's methods at every import; a named tuple's are few and
    # a written-out class's are in the .pyc.
    for module in (plans, followup, loc, walk):
        made_here = [
            cls
            for cls in vars(module).values()
            if inspect.isclass(cls) and cls.__module__ == module.__name__
        ]
        assert made_here
        assert not [cls.__name__ for cls in made_here if dataclasses.is_dataclass(cls)]


def test_the_same_plans_build_equal_and_equally_hashed_items() -> None:
    first, second = check_dir(MINI).plans, check_dir(MINI).plans
    assert first == second
    assert first.gp and second.gp
    area, again = first.gp.areas[0], second.gp.areas[0]
    assert area == again and area is not again
    assert hash(area) == hash(again)
    assert len({*first.gp.areas, *second.gp.areas}) == len(first.gp.areas)


def test_an_item_cannot_be_changed() -> None:
    gp = check_dir(MINI).plans.gp
    assert gp
    with pytest.raises(AttributeError):
        gp.areas[0].namn = "Något annat"
    with pytest.raises(AttributeError):
        gp.areas[0].loc.line = 1


def test_the_container_of_plans_is_mutable_and_so_unhashable() -> None:
    built = check_dir(MINI).plans
    built.links_partial = True
    assert built != check_dir(MINI).plans
    with pytest.raises(TypeError):
        hash(built)


def test_tertials_sort_by_year_then_number() -> None:
    order = ["T3 2023", "T1 2024", "T2 2024", "T3 2024", "T1 2025"]
    assert sorted(Tertial.parse(t) for t in reversed(order)) == [Tertial.parse(t) for t in order]
    assert [str(Tertial.parse(t)) for t in order] == order
