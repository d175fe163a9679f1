"""Similar ideas' keys: the capture hint's merge, the panel, stacks and suggestions."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from app.ui import shortcuts as K
from app.ui.session_window import SessionWindow
from app.ui.shortcuts import Shortcut
from app.ui.similar.stack_dialog import StackDialog
from app.ui.similar.suggest_dialog import SuggestDialog
from tests.ui.board_helpers import type_idea
from tests.ui.shortcut_checks import Harness, checks

CALLBACK = "Offer a callback instead of hold music"
CALLBACK_AGAIN = "Offer callbacks instead of the hold music"


def stored_notes(h: Harness, window: SessionWindow) -> dict[str, str | None]:
    """Each stored note's text, with the text of the note it is merged into."""
    notes = h.repository.load_session(window.document.session_id).notes
    texts = {note.id: note.text for note in notes}
    return {note.text: texts.get(note.merged_into or "") for note in notes}


def two_alike(h: Harness) -> SessionWindow:
    """Two notes alike (the first said by the first person) and one different."""
    window = h.fresh_window()
    h.press(window.capture_bar.idea_edit, K.CHOOSE_AUTHOR.keys[1])  # Down: Maya Chen
    type_idea(h.qtbot, window, CALLBACK)
    type_idea(h.qtbot, window, "Shared checklist for the handover")
    type_idea(h.qtbot, window, CALLBACK_AGAIN)
    return window


@checks(K.MERGE_HINTED)
def the_hints_key_merges_the_note_just_added(h: Harness, shortcut: Shortcut) -> None:
    window = two_alike(h)
    hint = window.capture_bar.hint_label
    assert hint.isVisible()
    assert hint.text() == f"Like: “{CALLBACK}” (Maya Chen)  ·  Ctrl+Shift+M merges them"
    h.press(window.capture_bar.idea_edit, shortcut.keys[0])
    assert stored_notes(h, window)[CALLBACK_AGAIN] == CALLBACK
    assert len(window.scene.note_items) == 2  # one card for the two
    assert hint.text().startswith("Merged “")
    assert h.focus() is window.capture_bar.idea_edit  # typing goes on


@checks(K.SIMILAR_PANEL)
def the_panel_lists_the_pair_and_enter_merges_it(h: Harness, shortcut: Shortcut) -> None:
    window = two_alike(h)
    h.press(window.capture_bar.idea_edit, shortcut.keys[0])
    h.qtbot.waitUntil(window.similar_dock.isVisible)
    pairs = window.similar_dock.panel.pairs
    assert pairs.count() == 1 and h.focus() is pairs
    assert CALLBACK in pairs.item(0).text() and CALLBACK_AGAIN in pairs.item(0).text()
    h.press(pairs, K.PAIR_MERGE.keys[0])
    assert stored_notes(h, window)[CALLBACK_AGAIN] == CALLBACK
    assert pairs.count() == 0


@checks(K.PAIR_MERGE)
def enter_in_the_list_merges_the_chosen_pair(h: Harness, shortcut: Shortcut) -> None:
    window = two_alike(h)
    h.press(window.capture_bar.idea_edit, K.SIMILAR_PANEL.keys[0])
    h.qtbot.waitUntil(window.similar_dock.isVisible)
    pairs = window.similar_dock.panel.pairs
    h.press(pairs, shortcut.keys[0])
    assert stored_notes(h, window)[CALLBACK_AGAIN] == CALLBACK
    assert len(window.scene.note_items) == 2
    h.press(window.capture_bar.idea_edit, K.UNDO.keys[0])
    assert stored_notes(h, window)[CALLBACK_AGAIN] is None


@checks(K.PAIR_NOT_SAME)
def delete_or_backspace_says_the_pair_is_not_the_same(h: Harness, shortcut: Shortcut) -> None:
    for keys in shortcut.keys:
        window = two_alike(h)
        h.press(window.capture_bar.idea_edit, K.SIMILAR_PANEL.keys[0])
        h.qtbot.waitUntil(window.similar_dock.isVisible)
        pairs = window.similar_dock.panel.pairs
        assert pairs.count() == 1
        h.press(pairs, keys)
        assert pairs.count() == 0  # never offered again
        assert stored_notes(h, window)[CALLBACK_AGAIN] is None  # nothing merged
        assert len(window.document.board.dismissed_pairs) == 1


@checks(K.MERGE_NOTES)
def the_selected_notes_become_one_stack(h: Harness, shortcut: Shortcut) -> None:
    window = h.fresh_window()
    for idea in ("Welcome call", "Welcome phone call", "Video tour"):
        type_idea(h.qtbot, window, idea)
    h.press(window.capture_bar.idea_edit, K.NEXT_PANE.keys[0])
    window.scene.select_notes(list(window.document.board.notes)[:2])
    h.press(window.view, shortcut.keys[0])
    assert stored_notes(h, window)["Welcome phone call"] == "Welcome call"
    assert window.scene.note_items[next(iter(window.document.board.notes))].stack_size == 2


@checks(K.OPEN_STACK)
def the_stack_opens_and_a_note_comes_out(h: Harness, shortcut: Shortcut) -> None:
    window = two_alike(h)
    h.press(window.capture_bar.idea_edit, K.MERGE_HINTED.keys[0])
    h.press(window.capture_bar.idea_edit, K.NEXT_PANE.keys[0])
    top = next(
        note_id
        for note_id in window.document.board.notes
        if window.document.board.stack_of(note_id)
    )
    window.scene.select_notes([top])
    seen: list[QWidget] = []

    def take_out(dialog: QWidget) -> None:
        seen.append(dialog)
        assert isinstance(dialog, StackDialog)
        texts = [dialog.notes.item(row).text() for row in range(dialog.notes.count())]
        assert texts[0].startswith(CALLBACK) and texts[1].startswith(CALLBACK_AGAIN)
        h.qtbot.keyClick(dialog.notes, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)

    h.when_modal_opens(take_out)
    h.press(window.view, shortcut.keys[0])
    assert len(seen) == 1
    h.qtbot.waitUntil(lambda: stored_notes(h, window)[CALLBACK_AGAIN] is None)
    assert len(window.scene.note_items) == 3


@checks(K.SUGGEST_CLUSTERS)
def suggestions_show_first_and_enter_makes_them(h: Harness, shortcut: Shortcut) -> None:
    window = h.fresh_window()
    for idea in (
        "Welcome call for new customers",
        "Welcome call in the first week",
        "Handover checklist for the night shift",
        "Shared handover checklist",
        "Video tour of the portal",
    ):
        type_idea(h.qtbot, window, idea)
    seen: list[QWidget] = []

    def make(dialog: QWidget) -> None:
        seen.append(dialog)
        assert isinstance(dialog, SuggestDialog)
        assert len(dialog.chosen()) == 2
        assert h.repository.load_session(window.document.session_id).clusters == ()
        h.qtbot.keyClick(dialog.tree, Qt.Key.Key_Return)

    h.when_modal_opens(make)
    h.press(window.capture_bar.idea_edit, shortcut.keys[0])
    assert len(seen) == 1
    clusters = h.repository.load_session(window.document.session_id).clusters
    assert sorted(c.title for c in clusters) == ["Handover", "Welcome"]
