"""The techniques' keys: SCAMPER's prompts (F7, Shift+F7) and NGT's round robin."""

from __future__ import annotations

from app.core.techniques.phase_line import nominal_group_settings, scamper_settings
from app.ui import shortcuts as K
from app.ui.shortcuts import Shortcut
from tests.ui.shortcut_checks import Harness, checks
from tests.ui.technique_sessions import ngt_sharing_session, scamper_session


def stored_phase(h: Harness, window_session_id: str, phase_id: str):
    """The phase as the database holds it now."""
    session = h.repository.load_session(window_session_id)
    return next(p for p in session.phases if p.id == phase_id)


@checks(K.SCAMPER_NEXT, K.SCAMPER_PREVIOUS)
def scamper_prompts_move_and_are_stored(h: Harness, shortcut: Shortcut) -> None:
    window = h.session_window(scamper_session())
    phase = window.document.current_phase
    assert phase is not None
    places = [window.capture_bar.idea_edit, window.view]
    expected = 0
    for place in places:
        place.setFocus()
        h.press(place, K.SCAMPER_NEXT.keys[0])
        expected += 1
        if shortcut is K.SCAMPER_PREVIOUS:
            h.press(place, shortcut.keys[0])
            expected -= 1
        settings = scamper_settings(stored_phase(h, window.document.session_id, phase.id))
        assert settings is not None and settings.prompt_index == expected
    assert window.header.technique_label.text().startswith(
        "A · Adapt (3 of 7)" if shortcut is K.SCAMPER_NEXT else "S · Substitute"
    )


@checks(K.REVEAL_NEXT_PERSON)
def the_next_persons_notes_turn_up(h: Harness, shortcut: Shortcut) -> None:
    window = h.session_window(ngt_sharing_session())
    phase = window.document.current_phase
    assert phase is not None
    names = {p.id: p.name for p in window.document.people.values()}
    for place, author in ((window.capture_bar.idea_edit, "Ana Ruiz"), (window.view, "Ben Okafor")):
        place.setFocus()
        h.press(place, shortcut.keys[0])
        up = [
            n for n in h.repository.load_session(window.document.session_id).notes if not n.hidden
        ]
        assert {names[n.author_id or ""] for n in up} >= {author}
    settings = nominal_group_settings(stored_phase(h, window.document.session_id, phase.id))
    assert settings is not None and settings.revealed == 2
    assert window.header.technique_label.text().startswith("Ben Okafor's ideas")
