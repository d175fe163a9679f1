"""Similar ideas in the session window, driven with real keys: hint, list, stacks, votes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.core.backlog import IdeaStatus
from app.core.pair_search import DEFAULT_BOUNDS, SearchBounds
from app.core.session_ops import build_session
from app.core.types import (
    Dot,
    NewSessionSpec,
    PhaseKind,
    RoundStatus,
    Session,
    VoteRound,
    VoteTarget,
    new_id,
)
from app.storage.repository import SessionRepository
from app.ui import shortcuts as K
from app.ui.session_window import SessionWindow
from app.ui.settings import AppSettings
from app.ui.similar.suggest_dialog import SuggestDialog
from tests.ui.board_helpers import type_idea
from tests.ui.conftest import ModalHandler
from tests.ui.windows import open_session

CALLBACK = "Offer a callback instead of hold music"
CALLBACK_AGAIN = "Offer callbacks instead of the hold music"
CHECKLIST = "Shared checklist for the shift handover"

SPEC = NewSessionSpec(
    title="Fewer calls on hold",
    goal="Answer faster",
    question="How might we cut the wait?",
    participants=(("Maya Chen", "Operations"), ("Jonas Weber", "Support")),
    phases=(
        (PhaseKind.IDEATE, "Ideas", 600),
        (PhaseKind.SILENT_IDEATE, "Silent ideas", 300),
        (PhaseKind.CLUSTER, "Cluster", 300),
    ),
)


@pytest.fixture
def window(qtbot: QtBot, repository: SessionRepository, settings: AppSettings) -> SessionWindow:
    session = build_session(SPEC)
    repository.add_session(session)
    return open_session(qtbot, repository, settings, session.id)


def press(qtbot: QtBot, widget: QWidget, keys: str) -> None:
    qtbot.keyClick(widget, *_key(keys))


def _key(keys: str) -> tuple[Qt.Key, Qt.KeyboardModifier]:
    from PySide6.QtGui import QKeySequence

    combination = QKeySequence(keys)[0]  # type: ignore[index]
    return combination.key(), combination.keyboardModifiers()


def close(window: SessionWindow) -> None:
    """Close the window as the facilitator does (kept alive for the test's own cleanup)."""
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    window.close()


def stored(repository: SessionRepository, window: SessionWindow) -> Session:
    return repository.load_session(window.document.session_id)


def merged(repository: SessionRepository, window: SessionWindow) -> dict[str, str | None]:
    notes = stored(repository, window).notes
    texts = {note.id: note.text for note in notes}
    return {note.text: texts.get(note.merged_into or "") for note in notes}


def test_no_hint_for_a_different_idea_and_none_that_interrupts(
    qtbot: QtBot, window: SessionWindow
):
    type_idea(qtbot, window, CALLBACK)
    type_idea(qtbot, window, CHECKLIST)
    assert not window.capture_bar.hint_label.isVisible()
    assert not window.capture_hint.merge_action.isEnabled()
    assert window.capture_bar.idea_edit.hasFocus() and window.capture_bar.idea_edit.text() == ""


def test_the_hint_stays_while_the_next_idea_is_typed_and_names_no_one_when_anonymous(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository
):
    type_idea(qtbot, window, CALLBACK)
    type_idea(qtbot, window, CALLBACK_AGAIN)
    hint = window.capture_bar.hint_label
    assert hint.text() == f"Like: “{CALLBACK}”  ·  Ctrl+Shift+M merges them"
    qtbot.keyClicks(window.capture_bar.idea_edit, "Next idea")
    assert hint.isVisible()  # typing on is no dismissal
    press(qtbot, window.capture_bar.idea_edit, K.MERGE_HINTED.keys[0])
    assert merged(repository, window)[CALLBACK_AGAIN] == CALLBACK
    assert window.capture_bar.idea_edit.text() == "Next idea"  # nothing typed is lost


def test_undo_takes_a_merge_apart_and_redo_makes_it_again(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository
):
    type_idea(qtbot, window, CALLBACK)
    type_idea(qtbot, window, CALLBACK_AGAIN)
    press(qtbot, window.capture_bar.idea_edit, K.MERGE_HINTED.keys[0])
    assert len(window.scene.note_items) == 1
    (item,) = window.scene.note_items.values()
    assert item.stack_size == 2 and CALLBACK_AGAIN in item.toolTip()
    press(qtbot, window.capture_bar.idea_edit, K.UNDO.keys[0])
    assert merged(repository, window)[CALLBACK_AGAIN] is None
    assert len(window.scene.note_items) == 2
    assert all(i.stack_size == 1 for i in window.scene.note_items.values())
    press(qtbot, window.capture_bar.idea_edit, K.REDO.keys[0])
    assert merged(repository, window)[CALLBACK_AGAIN] == CALLBACK


def test_undoing_a_merge_puts_the_card_back_at_its_place_in_the_boards_order(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository, settings: AppSettings
):
    for text in (CALLBACK, CALLBACK_AGAIN, CHECKLIST):
        type_idea(qtbot, window, text)
    press(qtbot, window.capture_bar.idea_edit, K.NEXT_PANE.keys[0])  # to the board
    window.scene.select_notes(list(window.document.board.notes)[:2])
    press(qtbot, window.view, K.MERGE_NOTES.keys[0])
    assert merged(repository, window)[CALLBACK_AGAIN] == CALLBACK
    press(qtbot, window.view, K.UNDO.keys[0])

    def drawn_order(shown: SessionWindow) -> list[str]:
        items = shown.scene.note_items.values()
        return [i.note.text for i in sorted(items, key=lambda item: item.zValue())]

    assert drawn_order(window) == [CALLBACK, CALLBACK_AGAIN, CHECKLIST]  # not on top
    session_id = window.document.session_id
    close(window)
    assert drawn_order(open_session(qtbot, repository, settings, session_id)) == [
        CALLBACK,
        CALLBACK_AGAIN,
        CHECKLIST,
    ]  # as the database has it


def test_face_down_notes_give_no_hint(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository
):
    type_idea(qtbot, window, CALLBACK)
    press(qtbot, window.capture_bar.idea_edit, K.NEXT_PHASE.keys[0])  # silent ideas
    assert window.document.is_silent
    type_idea(qtbot, window, CALLBACK_AGAIN)
    type_idea(qtbot, window, CALLBACK + "!")
    assert not window.capture_bar.hint_label.isVisible()
    press(qtbot, window.capture_bar.idea_edit, K.MERGE_HINTED.keys[0])
    assert all(into is None for into in merged(repository, window).values())


def test_the_cluster_phase_opens_the_list_and_not_the_same_is_remembered(
    qtbot: QtBot,
    window: SessionWindow,
    repository: SessionRepository,
    settings: AppSettings,
):
    type_idea(qtbot, window, CALLBACK)
    type_idea(qtbot, window, CALLBACK_AGAIN)
    type_idea(qtbot, window, CHECKLIST)
    for _ in range(2):  # ideas → silent ideas → cluster
        press(qtbot, window.capture_bar.idea_edit, K.NEXT_PHASE.keys[0])
    qtbot.waitUntil(window.similar_dock.isVisible)
    pairs = window.similar_dock.panel.pairs
    assert pairs.count() == 1 and pairs.hasFocus()
    assert set(window.scene.selected_note_ids()) == {
        n.id for n in window.document.board.notes.values() if n.text in (CALLBACK, CALLBACK_AGAIN)
    }  # the chosen pair is shown on the board
    qtbot.keyClick(pairs, Qt.Key.Key_Delete)
    assert pairs.count() == 0
    assert len(repository.stacks.dismissed_pairs(window.document.session_id)) == 1
    assert "No notes look like the same idea" in window.similar_dock.panel.summary.text()
    # Remembered for the session: another window on it does not offer the pair.
    session_id = window.document.session_id
    close(window)
    again = open_session(qtbot, repository, settings, session_id)
    assert again.similar_notes.candidates() == []
    type_idea(qtbot, again, CALLBACK + " for every caller")
    assert again.capture_bar.hint_label.isVisible()  # a new note is still compared


def test_the_list_says_in_one_line_when_its_search_stopped_early(
    qtbot: QtBot, window: SessionWindow
):
    type_idea(qtbot, window, CALLBACK)
    type_idea(qtbot, window, CALLBACK_AGAIN)
    type_idea(qtbot, window, CHECKLIST)
    # One step for the whole search (a hook the tests use): three notes stop early as
    # a huge session of hostile text does.
    window.similar_notes.bounds = SearchBounds(work=1)
    press(qtbot, window.capture_bar.idea_edit, K.SIMILAR_PANEL.keys[0])
    qtbot.waitUntil(window.similar_dock.isVisible)
    summary = window.similar_dock.panel.summary
    assert window.similar_dock.panel.pairs.count() == 1  # what the one note found
    assert summary.text() == (
        "1 pair of notes may be one idea, most alike first. Stopped early: 1 of 3 notes "
        "looked for their like within the time and memory allowed; some pairs may be missing."
    )
    # Within the default bounds, the next list goes through and says nothing of it.
    window.similar_notes.bounds = DEFAULT_BOUNDS
    type_idea(qtbot, window, "Shared checklists for every shift handover")
    qtbot.waitUntil(lambda: "Stopped early" not in summary.text())
    assert summary.text() == "2 pairs of notes may be one idea, most alike first."


def test_undoing_not_the_same_offers_the_pair_again(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository
):
    type_idea(qtbot, window, CALLBACK)
    type_idea(qtbot, window, CALLBACK_AGAIN)
    press(qtbot, window.capture_bar.idea_edit, K.SIMILAR_PANEL.keys[0])
    pairs = window.similar_dock.panel.pairs
    qtbot.keyClick(pairs, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # Not the s&ame
    qtbot.waitUntil(lambda: pairs.count() == 0)
    press(qtbot, pairs, K.UNDO.keys[0])
    qtbot.waitUntil(lambda: pairs.count() == 1)
    assert repository.stacks.dismissed_pairs(window.document.session_id) == set()


def add_round(
    repository: SessionRepository, window: SessionWindow, dotted: list[str]
) -> SessionWindow:
    """Close the window, give ``dotted`` notes a dot each in a closed round, reopen."""
    session = stored(repository, window)
    voter = session.participants[0].id
    by_text = {note.text: note.id for note in session.notes}
    vote = VoteRound(
        new_id(),
        "Round 1",
        VoteTarget.NOTES,
        3,
        1,
        False,
        False,
        RoundStatus.CLOSED,
        dots=tuple(Dot(voter, by_text[text], 1) for text in dotted),
    )
    repository.voting.add_vote_round(session.id, vote)
    close(window)
    return window


def reopened(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings, window: SessionWindow
) -> SessionWindow:
    return open_session(qtbot, repository, settings, window.document.session_id)


def test_the_note_with_dots_stays_on_top_and_two_with_dots_are_never_merged(
    qtbot: QtBot,
    window: SessionWindow,
    repository: SessionRepository,
    settings: AppSettings,
):
    type_idea(qtbot, window, CALLBACK)
    type_idea(qtbot, window, CALLBACK_AGAIN)
    window = reopened(qtbot, repository, settings, add_round(repository, window, [CALLBACK_AGAIN]))
    press(qtbot, window.capture_bar.idea_edit, K.SIMILAR_PANEL.keys[0])
    qtbot.keyClick(window.similar_dock.panel.pairs, Qt.Key.Key_Return)
    # The later note had the dot: it is the top, and its dot stays where it was.
    assert merged(repository, window)[CALLBACK] == CALLBACK_AGAIN
    (vote,) = stored(repository, window).vote_rounds
    assert len(vote.dots) == 1

    press(qtbot, window.capture_bar.idea_edit, K.UNDO.keys[0])
    window = reopened(qtbot, repository, settings, add_round(repository, window, [CALLBACK]))
    press(qtbot, window.capture_bar.idea_edit, K.SIMILAR_PANEL.keys[0])
    messages: list[str] = []
    window.similar.message.connect(messages.append)
    qtbot.keyClick(window.similar_dock.panel.pairs, Qt.Key.Key_Return)
    assert messages and "notes with dots are never merged" in messages[-1]
    assert all(into is None for into in merged(repository, window).values())


def test_a_vote_sees_a_stack_as_one_item(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository
):
    type_idea(qtbot, window, CALLBACK)
    type_idea(qtbot, window, CALLBACK_AGAIN)
    press(qtbot, window.capture_bar.idea_edit, K.MERGE_HINTED.keys[0])
    type_idea(qtbot, window, CHECKLIST)
    vote = VoteRound(new_id(), "R", VoteTarget.NOTES, 3, 1, False, False, RoundStatus.OPEN)
    assert [
        window.document.board.notes[i].text for i in window.document.voting.round_items(vote)
    ] == [
        CALLBACK,
        CHECKLIST,
    ]


def test_deleting_a_stack_takes_its_notes_and_undo_brings_the_stack_back(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository
):
    type_idea(qtbot, window, CALLBACK)
    type_idea(qtbot, window, CALLBACK_AGAIN)
    press(qtbot, window.capture_bar.idea_edit, K.MERGE_HINTED.keys[0])
    press(qtbot, window.capture_bar.idea_edit, K.NEXT_PANE.keys[0])
    window.scene.select_notes(list(window.document.board.notes))
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert stored(repository, window).notes == ()
    press(qtbot, window.view, K.UNDO.keys[0])
    assert merged(repository, window) == {CALLBACK: None, CALLBACK_AGAIN: CALLBACK}
    (item,) = window.scene.note_items.values()
    assert item.stack_size == 2


def test_suggestions_change_nothing_until_made_and_unticked_ones_stay_loose(
    qtbot: QtBot,
    window: SessionWindow,
    repository: SessionRepository,
    when_modal_opens: Callable[[ModalHandler], None],
):
    for idea in (
        "Welcome call for new customers",
        "Welcome call in the first week",
        "Handover checklist for the night shift",
        "Shared handover checklist",
    ):
        type_idea(qtbot, window, idea)
    seen: list[QWidget] = []

    def untick_the_first(dialog: QWidget) -> None:
        seen.append(dialog)
        assert isinstance(dialog, SuggestDialog)
        rows = [dialog.tree.topLevelItem(i) for i in range(dialog.tree.topLevelItemCount())]
        (handover,) = [row for row in rows if row is not None and row.text(0) == "Handover"]
        dialog.tree.setCurrentItem(handover)
        qtbot.keyClick(dialog.tree, Qt.Key.Key_Space)  # the "Handover" group: unticked
        assert len(dialog.chosen()) == 1
        qtbot.keyClick(dialog.tree, Qt.Key.Key_Return)

    when_modal_opens(untick_the_first)
    press(qtbot, window.capture_bar.idea_edit, K.SUGGEST_CLUSTERS.keys[0])
    assert len(seen) == 1
    (cluster,) = stored(repository, window).clusters
    assert cluster.title == "Welcome"
    members = [n.text for n in stored(repository, window).notes if n.cluster_id == cluster.id]
    assert sorted(members) == ["Welcome call for new customers", "Welcome call in the first week"]
    assert window.document.undo_stack.undoText().startswith("Make 1 suggested cluster")
    window.activateWindow()  # offscreen Qt gives the keyboard back only when asked
    qtbot.waitUntil(window.isActiveWindow)
    press(qtbot, window.capture_bar.idea_edit, K.UNDO.keys[0])
    assert stored(repository, window).clusters == ()


def test_a_stack_opens_with_every_text_and_author(
    qtbot: QtBot,
    window: SessionWindow,
    repository: SessionRepository,
    when_modal_opens: Callable[[ModalHandler], None],
):
    press(qtbot, window.capture_bar.idea_edit, K.CHOOSE_AUTHOR.keys[1])  # Maya Chen
    type_idea(qtbot, window, CALLBACK)
    press(qtbot, window.capture_bar.idea_edit, K.CHOOSE_AUTHOR.keys[1])  # Jonas Weber
    type_idea(qtbot, window, CALLBACK_AGAIN)
    press(qtbot, window.capture_bar.idea_edit, K.MERGE_HINTED.keys[0])
    press(qtbot, window.capture_bar.idea_edit, K.NEXT_PANE.keys[0])
    top = next(iter(window.document.board.notes))
    window.scene.select_notes([top])
    shown: list[list[str]] = []

    def read(dialog: QWidget) -> None:
        notes = dialog.notes  # type: ignore[attr-defined]
        shown.append([notes.item(row).text() for row in range(notes.count())])
        qtbot.keyClick(notes, Qt.Key.Key_Escape)

    when_modal_opens(read)
    press(qtbot, window.view, K.OPEN_STACK.keys[0])
    assert shown == [
        [
            f"{CALLBACK}\n— Maya Chen, Operations  (on top)",
            f"{CALLBACK_AGAIN}\n— Jonas Weber, Support",
        ]
    ]
    assert merged(repository, window)[CALLBACK_AGAIN] == CALLBACK  # Esc changed nothing


def test_stacks_survive_a_reopen(
    qtbot: QtBot,
    window: SessionWindow,
    repository: SessionRepository,
    settings: AppSettings,
):
    type_idea(qtbot, window, CALLBACK)
    type_idea(qtbot, window, CALLBACK_AGAIN)
    press(qtbot, window.capture_bar.idea_edit, K.MERGE_HINTED.keys[0])
    close(window)
    again = reopened(qtbot, repository, settings, window)
    (item,) = again.scene.note_items.values()
    assert item.stack_size == 2 and item.note.text == CALLBACK
    assert [n.text for n in again.document.board.stack_of(item.note_id)] == [CALLBACK_AGAIN]


def test_a_session_whose_notes_are_chained_shows_one_stack(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings
):
    """A file may chain merges; the board follows the chain to one card."""
    session = build_session(SPEC)
    from datetime import UTC, datetime

    from app.core.types import Note

    made = [
        Note(new_id(), text, "#FFF59D", 0, 0, datetime(2026, 12, 1, tzinfo=UTC))
        for text in (CALLBACK, CALLBACK_AGAIN, CALLBACK + "!")
    ]
    chained = (made[0], replace(made[1], merged_into=made[0].id), made[2])
    chained = (*chained[:2], replace(made[2], merged_into=made[1].id))
    repository.add_session(replace(session, notes=chained))
    window = open_session(qtbot, repository, settings, session.id)
    (item,) = window.scene.note_items.values()
    assert item.stack_size == 3


def test_a_suggested_cluster_can_be_renamed_before_it_is_made(
    qtbot: QtBot,
    window: SessionWindow,
    repository: SessionRepository,
    when_modal_opens: Callable[[ModalHandler], None],
):
    for idea in ("Welcome call for new customers", "Welcome call in the first week"):
        type_idea(qtbot, window, idea)

    def rename(dialog: QWidget) -> None:
        assert isinstance(dialog, SuggestDialog)
        qtbot.keyClick(dialog.tree, Qt.Key.Key_F2)
        editor = QApplication.focusWidget()
        assert editor is not None and editor is not dialog.tree
        qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(editor, "First week")
        qtbot.keyClick(editor, Qt.Key.Key_Return)  # ends the edit (Qt commits it queued)
        editing = QAbstractItemView.State.EditingState
        qtbot.waitUntil(lambda: dialog.tree.state() != editing)
        qtbot.keyClick(dialog.tree, Qt.Key.Key_Return)  # makes the cluster

    when_modal_opens(rename)
    press(qtbot, window.capture_bar.idea_edit, K.SUGGEST_CLUSTERS.keys[0])
    qtbot.waitUntil(lambda: bool(stored(repository, window).clusters))
    (cluster,) = stored(repository, window).clusters
    assert cluster.title == "First week"


def test_f6_reaches_the_similar_ideas_list_when_it_is_open(qtbot: QtBot, window: SessionWindow):
    press(qtbot, window.capture_bar.idea_edit, K.SIMILAR_PANEL.keys[0])
    qtbot.waitUntil(window.similar_dock.isVisible)
    window.capture_bar.focus_idea()
    reached = [window.next_pane(1) for _ in range(len(window.panes()))]
    assert window.similar_dock.panel.pairs in reached


def test_the_note_an_action_came_from_stays_on_top_and_a_refused_merge_makes_no_step(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository
):
    type_idea(qtbot, window, CALLBACK)
    type_idea(qtbot, window, CALLBACK_AGAIN)
    type_idea(qtbot, window, CHECKLIST)
    later = next(n.id for n in window.document.board.notes.values() if n.text == CALLBACK_AGAIN)
    window.board.make_action_requested.emit(later)  # as Ctrl+M on it does
    qtbot.waitUntil(lambda: bool(window.document.actions.action_items))
    steps = window.document.undo_stack.count()
    # The list stacks the earlier note on the one the action came from.
    press(qtbot, window.capture_bar.idea_edit, K.SIMILAR_PANEL.keys[0])
    qtbot.keyClick(window.similar_dock.panel.pairs, Qt.Key.Key_Return)
    assert merged(repository, window)[CALLBACK] == CALLBACK_AGAIN
    press(qtbot, window.similar_dock.panel.pairs, K.UNDO.keys[0])
    assert window.document.undo_stack.count() == steps + 1  # the merge, undone
    # With the checklist shortlisted too, one of the two that moved on would have to
    # join the other's stack: the whole merge is refused.
    checklist = next(n.id for n in window.document.board.notes.values() if n.text == CHECKLIST)
    first = next(n.id for n in window.document.board.notes.values() if n.text == CALLBACK)
    window.document.actions.set_idea_status(
        checklist, IdeaStatus.SHORTLISTED, window.document.actions.idea_state(checklist)[1]
    )
    steps = window.document.undo_stack.index()
    window.board.view.setFocus()
    messages: list[str] = []
    window.stacks.message.connect(messages.append)
    window.scene.select_notes([checklist, first, later])
    window.stacks.merge_selected()
    assert messages and messages[-1].endswith("Nothing was merged.")
    assert all(into is None for into in merged(repository, window).values())
    assert window.document.undo_stack.index() == steps  # no empty step either


def test_a_hint_goes_when_its_pair_is_said_not_to_be_the_same(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository
):
    type_idea(qtbot, window, CALLBACK)
    type_idea(qtbot, window, CALLBACK_AGAIN)
    assert window.capture_bar.hint_label.isVisible()
    press(qtbot, window.capture_bar.idea_edit, K.SIMILAR_PANEL.keys[0])
    qtbot.keyClick(window.similar_dock.panel.pairs, Qt.Key.Key_Delete)
    assert not window.capture_bar.hint_label.isVisible()
    assert not window.capture_hint.merge_action.isEnabled()


def test_a_stack_brought_back_by_undo_is_matched_again(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository
):
    type_idea(qtbot, window, CHECKLIST)
    type_idea(qtbot, window, CALLBACK)
    type_idea(qtbot, window, CALLBACK_AGAIN)
    press(qtbot, window.capture_bar.idea_edit, K.MERGE_HINTED.keys[0])
    press(qtbot, window.capture_bar.idea_edit, K.NEXT_PANE.keys[0])
    top = next(n.id for n in window.document.board.notes.values() if n.text == CALLBACK)
    window.scene.select_notes([top])
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    press(qtbot, window.view, K.UNDO.keys[0])
    window.capture_bar.focus_idea()
    type_idea(qtbot, window, "Offer callbacks instead of the hold music!")
    assert window.capture_bar.hint_label.text().startswith(f"Like: “{CALLBACK}”")


def test_merging_the_only_card_of_a_cluster_leaves_a_file_that_imports(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository
):
    from app.core.session_format import dump_session, parse_session_file

    type_idea(qtbot, window, CALLBACK)
    type_idea(qtbot, window, CHECKLIST)
    type_idea(qtbot, window, CALLBACK_AGAIN)
    press(qtbot, window.capture_bar.idea_edit, K.NEXT_PANE.keys[0])
    again = next(n.id for n in window.document.board.notes.values() if n.text == CALLBACK_AGAIN)
    window.scene.select_notes([again])
    press(qtbot, window.view, K.GROUP.keys[0])
    qtbot.keyClick((window.scene.focusItem() and window.view) or window.view, Qt.Key.Key_Escape)
    window.capture_bar.focus_idea()
    window.capture_hint.after_capture(again)
    press(qtbot, window.capture_bar.idea_edit, K.MERGE_HINTED.keys[0])
    assert window.document.board.clusters == {}  # the emptied cluster went in the same step
    assert parse_session_file(dump_session(window.document.session)).notes


def test_finding_a_word_of_a_stacked_note_outlines_its_stack(qtbot: QtBot, window: SessionWindow):
    type_idea(qtbot, window, CALLBACK)
    type_idea(qtbot, window, "Offer callbacks instead of the hold jingle music")
    press(qtbot, window.capture_bar.idea_edit, K.MERGE_HINTED.keys[0])
    type_idea(qtbot, window, CHECKLIST)
    press(qtbot, window.capture_bar.idea_edit, K.FIND_NOTES.keys[0])
    qtbot.keyClicks(window.find_bar.search_edit, "jingle")
    qtbot.waitUntil(lambda: sum(i.highlighted for i in window.scene.note_items.values()) == 1)
    (found,) = [i for i in window.scene.note_items.values() if i.highlighted]
    assert found.note.text == CALLBACK and found.stack_size == 2


def test_the_rooms_view_shows_a_stack_once_with_its_count(qtbot: QtBot, window: SessionWindow):
    type_idea(qtbot, window, CALLBACK)
    type_idea(qtbot, window, CALLBACK_AGAIN)
    press(qtbot, window.capture_bar.idea_edit, K.MERGE_HINTED.keys[0])
    room = window.room_view.present()
    qtbot.waitExposed(room)

    def cards() -> list[tuple[str, int]]:
        return [
            (item.card.text, item.card.said)
            for page in room.canvas.room_layout.pages
            for item in page.items
            if item.card
        ]

    qtbot.waitUntil(lambda: cards() == [(CALLBACK, 2)])
    room.close()
