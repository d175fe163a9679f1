"""Small text rules: a list of people to choose from never holds one label twice."""

from __future__ import annotations

from app.core.format_helpers import people_choices
from app.core.types import Participant


def test_people_called_alike_are_told_apart_by_department_then_by_number():
    people = [
        Participant("1", "Ann", "Sales"),
        Participant("2", "Bo", "Sales"),
        Participant("3", "Ann", "Support"),
        Participant("4", "Ann", "Support"),
        Participant("5", "Cy"),
        Participant("6", "Cy"),
    ]
    assert people_choices(people) == {
        "Ann (Sales)": "1",
        "Bo": "2",
        "Ann (Support)": "3",
        "Ann (Support) 2": "4",
        "Cy": "5",
        "Cy 2": "6",
    }
    assert people_choices([]) == {}
