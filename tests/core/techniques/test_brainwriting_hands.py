"""6-3-5 where the session hides authors: sheets held by hands, each idea's place kept."""

from __future__ import annotations

import pytest

from app.core.techniques.brainwriting import BrainwritingSettings, SheetIdea, new_idea
from app.core.techniques.brainwriting_notes import IdeaLink, ideas_from_links, recorded
from app.core.techniques.catalogue import settings_refusal
from app.core.techniques.common import SettingsError

HANDS = BrainwritingSettings(people=("h1", "h2", "h3"), round_seconds=60, hands=True)


def test_ideas_with_no_author_read_back_from_their_kept_places():
    settings, ideas = HANDS, list[SheetIdea]()
    for number, (hand, elapsed) in enumerate([("h1", 1), ("h2", 1), ("h2", 61), ("h3", 61)]):
        idea = new_idea(settings, ideas, hand, f"n{number}", elapsed)
        settings = recorded(settings, idea)
        ideas.append(idea)
    assert settings.late_starts == ()
    links = [IdeaLink(i.note_id, None, i.builds_on) for i in ideas]
    back = ideas_from_links(settings, links)
    assert [(i.note_id, i.sheet, i.round, i.author_id) for i in back] == [
        (i.note_id, i.sheet, i.round, i.author_id) for i in ideas
    ]
    assert BrainwritingSettings.from_settings(settings.to_settings()) == settings


def test_hands_are_not_checked_against_the_sessions_people_but_places_are_checked():
    assert settings_refusal("brainwriting_635", HANDS.to_settings(), ["ana"]) is None
    named = BrainwritingSettings(people=("h1",)).to_settings()
    assert settings_refusal("brainwriting_635", named, ["ana"]) is not None
    for bad in ([["n1", 3, 1]], [["n1", 0, 0]], [["n1", 0, 1], ["n1", 1, 1]], [["n1", 0]]):
        with pytest.raises(SettingsError, match="placed must be"):
            BrainwritingSettings.from_settings({**HANDS.to_settings(), "placed": bad})
    with pytest.raises(SettingsError, match="skipped_to"):
        BrainwritingSettings.from_settings({"skipped_to": -1})
