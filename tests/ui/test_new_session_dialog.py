"""Setting a session up with the keyboard: typed and pasted people, agenda, validation."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QMessageBox,
    QSpinBox,
    QStyle,
    QStyleOptionComboBox,
)
from pytestqt.qtbot import QtBot

from app.core.backlog import REVIEW_PHASE_TITLE, CarryOver
from app.core.demo import build_demo_session
from app.core.types import PhaseKind
from app.storage.repository import SessionRepository
from app.ui.library.window import LibraryWindow
from app.ui.new_session_dialog import NewSessionDialog
from app.ui.settings import AppSettings
from app.ui.workspace import Workspace
from tests.ui.conftest import ModalHandler, click_message_button
from tests.ui.windows import show_active


def make_dialog(qtbot: QtBot) -> NewSessionDialog:
    return show_active(qtbot, NewSessionDialog())


def create_button(dialog: NewSessionDialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_typing_a_whole_set_up(qtbot: QtBot):
    dialog = make_dialog(qtbot)
    assert dialog.focusWidget() is dialog.title_edit
    qtbot.keyClicks(dialog.title_edit, "Faster onboarding")
    qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.goal_edit, "Customers live in a week")
    qtbot.keyClick(dialog.goal_edit, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.question_edit, "How might we halve onboarding time?")
    qtbot.keyClicks(dialog.facilitator_edit, "Maya Chen")
    qtbot.keyClicks(dialog.people_edit, "Maya Chen, Operations")
    qtbot.keyClick(dialog.people_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.people_edit, "Jonas Weber, Sales")
    assert dialog.people_summary.text() == "2 people from 2 departments"
    qtbot.mouseClick(create_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.result() == NewSessionDialog.DialogCode.Accepted
    spec = dialog.spec()
    assert spec.title == "Faster onboarding"
    assert spec.goal == "Customers live in a week"
    assert spec.participants == (("Maya Chen", "Operations"), ("Jonas Weber", "Sales"))
    assert [phase[0] for phase in spec.phases] == [
        PhaseKind.IDEATE,
        PhaseKind.CLUSTER,
        PhaseKind.VOTE,
        PhaseKind.ACTIONS,
    ]
    assert [phase[2] for phase in spec.phases] == [600, 300, 300, 600]


def test_pasting_people_one_per_line(qtbot: QtBot):
    dialog = make_dialog(qtbot)
    QApplication.clipboard().setText(
        "Amara Okafor, Customer Support\nLuis Ortega\tEngineering\nPriya Nair, Customer Support\n"
    )
    dialog.people_edit.setFocus()
    qtbot.keyClick(dialog.people_edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert dialog.people_summary.text() == "3 people from 2 departments"
    assert dialog.current_spec().participants[1] == ("Luis Ortega", "Engineering")


def test_an_empty_title_keeps_the_dialog_open_and_says_why(qtbot: QtBot):
    dialog = make_dialog(qtbot)
    qtbot.keyClicks(dialog.goal_edit, "A goal")
    qtbot.mouseClick(create_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.error_label.isVisible()
    assert dialog.error_label.text() == "The title must not be empty."
    assert dialog.focusWidget() is dialog.title_edit


def test_a_bad_person_is_named(qtbot: QtBot):
    dialog = make_dialog(qtbot)
    qtbot.keyClicks(dialog.title_edit, "T")
    qtbot.keyClicks(dialog.people_edit, "Ann, Sales")
    qtbot.keyClick(dialog.people_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.people_edit, ", Support")
    qtbot.mouseClick(create_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.error_label.text() == "Participant 2's name must not be empty."


def test_the_agenda_can_be_changed_from_the_keyboard(qtbot: QtBot):
    dialog = make_dialog(qtbot)
    editor = dialog.agenda_editor
    table = dialog.agenda_table
    qtbot.keyClicks(dialog.title_edit, "Faster onboarding")
    assert create_button(dialog).isEnabled() and create_button(dialog).isDefault()
    editor.add_button.setFocus()
    qtbot.keyClick(editor.add_button, Qt.Key.Key_Space)  # a new phase, the cursor on its title
    assert table.rowCount() == 5 and dialog.focusWidget() is table
    assert (table.currentRow(), table.currentColumn()) == (4, 1)
    qtbot.keyClick(table, Qt.Key.Key_Left)  # its kind
    qtbot.keyClick(table, Qt.Key.Key_F2)
    kinds = dialog.focusWidget()
    assert isinstance(kinds, QComboBox)
    kinds.setCurrentIndex(kinds.findText("Break"))
    qtbot.keyClick(kinds, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.focusWidget() is table)  # Qt commits an editor queued
    qtbot.keyClick(table, Qt.Key.Key_Right)
    qtbot.keyClick(table, Qt.Key.Key_Right)  # its minutes
    qtbot.keyClick(table, Qt.Key.Key_F2)
    minutes = dialog.focusWidget()
    assert isinstance(minutes, QSpinBox)
    minutes.selectAll()
    qtbot.keyClicks(minutes, "15")
    qtbot.keyClick(minutes, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.focusWidget() is table)
    assert dialog.current_spec().phases[4] == (PhaseKind.BREAK, "Break", 900)
    assert dialog.isVisible()  # Enter ended the edits, not the dialog
    # Tab leaves the table for the buttons and the template picker, Shift+Tab comes back.
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is editor.add_button
    qtbot.keyClick(editor.add_button, Qt.Key.Key_Backtab)
    assert dialog.focusWidget() is table
    table.setCurrentCell(0, 1)
    qtbot.keyClick(table, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert dialog.focusWidget() is table and table.currentColumn() == 2  # Ctrl+Tab moves inside
    qtbot.keyClick(table, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)  # Te&mplate
    assert dialog.focusWidget() is editor.template_combo
    table.selectRow(0)
    qtbot.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)
    assert [phase[1] for phase in dialog.current_spec().phases] == [
        "Cluster",
        "Vote",
        "Actions",
        "Break",
    ]


def test_a_template_fills_the_agenda_and_phases_can_be_reordered(qtbot: QtBot):
    dialog = make_dialog(qtbot)
    combo = dialog.agenda_editor.template_combo
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # Classic brainstorm
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # Micro-innovation sprint
    phases = dialog.current_spec().phases
    assert [title for _, title, _ in phases] == [
        "Goal recap",
        "Silent ideas",
        "Share and cluster",
        "Dot vote",
        "Impact and effort",
        "Actions",
    ]
    assert [seconds // 60 for _, _, seconds in phases] == [3, 8, 10, 5, 7, 10]
    dialog.agenda_table.selectRow(1)
    qtbot.mouseClick(dialog.agenda_editor.up_button, Qt.MouseButton.LeftButton)
    assert [title for _, title, _ in dialog.current_spec().phases][:2] == [
        "Silent ideas",
        "Goal recap",
    ]
    assert dialog.agenda_editor.selected_row() == 0


def test_a_stray_arrow_on_the_template_picker_never_loses_phases_typed_by_hand(
    qtbot: QtBot, when_modal_opens: Callable[[ModalHandler], None]
):
    dialog = make_dialog(qtbot)
    editor = dialog.agenda_editor
    combo = editor.template_combo
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # untouched rows: replaced without a question
    table = dialog.agenda_table
    table.setFocus()
    table.setCurrentCell(0, 1)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editing = dialog.focusWidget()
    assert editing is not table
    qtbot.keyClick(editing, Qt.Key.Key_End)
    qtbot.keyClicks(editing, " with coffee")
    qtbot.keyClick(editing, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.focusWidget() is table)  # Qt commits an editor queued
    edited = dialog.current_spec().phases
    assert edited[0][1].endswith(" with coffee")
    asked: list[str] = []
    when_modal_opens(click_message_button(qtbot, QMessageBox.StandardButton.Cancel, asked))
    combo.setFocus()
    at = combo.currentIndex()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: bool(asked))
    assert "Replace the phases you edited" in asked[0]
    assert dialog.current_spec().phases == edited  # kept
    assert combo.currentIndex() == at  # and the picker says so
    when_modal_opens(click_message_button(qtbot, QMessageBox.StandardButton.Yes, asked))
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: len(asked) == 2)
    assert dialog.current_spec().phases != edited
    assert combo.currentIndex() == at + 1


def test_a_goal_seen_before_offers_a_review_of_last_times_open_actions(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings
):
    demo = build_demo_session()
    repository.add_session(demo)
    library = LibraryWindow(settings)
    qtbot.addWidget(library)
    library.attach(Workspace(repository))
    looked_up: list[str] = []

    def carry_over(goal: str, goal_id: str | None) -> CarryOver:
        looked_up.append(goal)
        return repository.backlog.carry_over(goal, goal_id=goal_id)

    dialog = NewSessionDialog(carry_over_for=carry_over, goals=repository.goals.all_goals())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.title_edit, "November follow-up")
    qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.goal_edit, demo.goal.upper() + "!")  # not the same goal yet
    # Once the lookup for what was typed has run, there is nothing to offer.
    qtbot.waitUntil(lambda: looked_up[-1:] == [demo.goal.upper() + "!"])
    assert not dialog.review_check.isVisible()
    qtbot.keyClick(dialog.goal_edit, Qt.Key.Key_Backspace)
    qtbot.waitUntil(dialog.review_check.isVisible)
    assert dialog.review_check.text() == (
        "Start with a &review of last time: 3 open actions from sessions with this goal"
    )
    assert dialog.review_check.isChecked()
    qtbot.keyClick(dialog.goal_edit, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.review_check
    qtbot.mouseClick(create_button(dialog), Qt.MouseButton.LeftButton)
    carried = dialog.carried_in()
    assert [a.id for a in carried.actions] == [a.id for a in demo.action_items]
    new_id = library.sessions.create_session(dialog.spec(), carried)
    stored = repository.load_session(new_id)
    assert stored.phases[0].title == REVIEW_PHASE_TITLE
    assert len([n for n in stored.notes if n.phase_id == stored.phases[0].id]) == 3
    # Unticked, nothing comes in.
    dialog.review_check.setChecked(False)
    assert not dialog.carried_in()


def test_the_goal_field_offers_the_goals_running_and_the_session_serves_the_one_picked(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings
):
    from dataclasses import replace

    from app.core.types import Goal, new_id

    goal = Goal(new_id(), "Order to delivery: one day faster", metric="days", baseline=4, target=3)
    repository.add_session(replace(build_demo_session(), goal_record=goal))
    library = LibraryWindow(settings)
    qtbot.addWidget(library)
    library.attach(Workspace(repository))
    dialog = show_active(qtbot, NewSessionDialog(goals=repository.goals.all_goals()))
    assert "Pick a goal already running" in dialog.goal_hint.text()
    dialog.goal_edit.setFocus()
    qtbot.keyClicks(dialog.goal_edit, "one day")  # a word in the middle of the title
    completer = dialog.goal_edit.completer()
    assert completer is not None
    popup = completer.popup()
    assert popup is not None
    qtbot.waitUntil(popup.isVisible)
    assert completer.completionModel().rowCount() == 1
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert dialog.goal_edit.text() == goal.title
    assert dialog.chosen_goal() == goal
    assert dialog.goal_hint.text().startswith(f"Serves the goal “{goal.title}”.")
    qtbot.keyClicks(dialog.title_edit, "December round")
    qtbot.mouseClick(create_button(dialog), Qt.MouseButton.LeftButton)
    session_id = library.sessions.create_session(
        dialog.spec(), dialog.carried_in(), dialog.chosen_goal()
    )
    assert repository.load_session(session_id).goal_record == goal
    assert len(repository.goals.sessions_of_goal(goal.id)) == 2

    # A goal nobody has yet becomes a new goal record of that title.
    other = show_active(qtbot, NewSessionDialog(goals=repository.goals.all_goals()))
    qtbot.keyClicks(other.title_edit, "Support sprint")
    other.goal_edit.setFocus()
    qtbot.keyClicks(other.goal_edit, "Fewer repeat tickets")
    assert other.chosen_goal() is None and "A new goal" in other.goal_hint.text()
    qtbot.mouseClick(create_button(other), Qt.MouseButton.LeftButton)
    new_id_ = library.sessions.create_session(other.spec(), other.carried_in(), None)
    stored = repository.load_session(new_id_).goal_record
    assert stored is not None and stored.title == "Fewer repeat tickets"


SCREEN_720 = 720 - 20
"""The height a dialog has on a 1280×720 screen under openbox's title bar (measured)."""


def is_whole(metrics: QFontMetrics, text: str, width: int) -> bool:
    """``text`` is drawn whole in ``width`` pixels, not cut short with "…"."""
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width) == text


def test_every_template_name_is_whole_at_the_dialogs_narrowest(qtbot: QtBot):
    # Its minimum width is what a 1024×768 or a 1280×720 screen gives the dialog.
    dialog = make_dialog(qtbot)
    dialog.resize(dialog.minimumWidth(), dialog.minimumSizeHint().height())
    qtbot.waitUntil(lambda: dialog.width() == dialog.minimumWidth())
    combo = dialog.agenda_editor.template_combo
    style = combo.style()
    names = [combo.itemText(row) for row in range(combo.count())]
    assert "Nominal Group Technique (4 phases, 35 min)" in names
    for row, name in enumerate(names):  # the picker, closed, with each template chosen
        combo.setCurrentIndex(row)
        option = QStyleOptionComboBox()
        combo.initStyleOption(option)
        field = style.subControlRect(
            QStyle.ComplexControl.CC_ComboBox,
            option,
            QStyle.SubControl.SC_ComboBoxEditField,
            combo,
        )
        assert is_whole(combo.fontMetrics(), name, field.width() - 2), (name, field.width())
    combo.showPopup()  # the list it opens
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    for row, name in enumerate(names):
        shown = view.visualRect(combo.model().index(row, 0)).intersected(view.viewport().rect())
        assert is_whole(view.fontMetrics(), name, shown.width() - 2 * margin), name
    combo.hidePopup()
    assert dialog.minimumSizeHint().height() <= SCREEN_720  # and it still fits on the screen
