"""The techniques in the window: set up from the New session dialog, SCAMPER's prompts,
NGT's round robin, the room's view and the minutes, each read back from the database."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from app.core.agenda import apply_agenda_edit
from app.core.session_ops import build_session
from app.core.techniques.one_two_four_all import OneTwoFourAllSettings, author_label
from app.core.techniques.phase_line import nominal_group_settings, scamper_settings
from app.core.techniques.scamper import SCAMPER_PROMPTS, ScamperSettings
from app.core.types import Technique, TechniqueSettings
from app.export.exports import export_file
from app.storage.repository import SessionRepository
from app.ui.new_session_dialog import NewSessionDialog
from app.ui.session_window import SessionWindow
from app.ui.settings import AppSettings
from app.ui.timer.agenda_dialog import merge_agenda
from app.ui.timer.agenda_table import AgendaRow
from tests.ui.board_helpers import type_idea
from tests.ui.technique_sessions import (
    from_template,
    ngt_sharing_session,
    on_phase,
    scamper_session,
    with_notes,
)
from tests.ui.windows import open_session, show_active

PEOPLE_TYPED = (
    "Maya Chen, Operations\nAna Ruiz, Sales\nBen Okafor, Sales\nCy Diaz, Support\n"
    "Dee Park, Support\nEli Novak, Sales\nFay Moss, Support"
)


def type_people(qtbot: QtBot, dialog: NewSessionDialog, text: str) -> None:
    """Type the people one line at a time, Enter between them."""
    for number, line in enumerate(text.splitlines()):
        if number:
            qtbot.keyClick(dialog.people_edit, Qt.Key.Key_Return)
        qtbot.keyClicks(dialog.people_edit, line)


def choose_template(qtbot: QtBot, dialog: NewSessionDialog, name: str) -> None:
    """Down in the template picker until ``name`` is chosen (each Down applies one)."""
    combo = dialog.agenda_editor.template_combo
    combo.setFocus()
    for _ in range(combo.count()):
        if combo.currentData() == name:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentData() == name


def press(qtbot: QtBot, window: SessionWindow, key: Qt.Key, shift: bool = False) -> None:
    """A key pressed in the capture bar, where the keyboard is during a session."""
    modifiers = Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier
    qtbot.keyClick(window.capture_bar.idea_edit, key, modifiers)


def reopen(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings, window: SessionWindow
) -> SessionWindow:
    """Close the window and open the session again, as read from the database."""
    session_id = window.document.session_id
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)  # pytest-qt closes it too
    window.close()
    return open_session(qtbot, repository, settings, session_id)


# ----------------------------------------------------------------- set-up and agenda


def test_the_new_session_dialog_sets_one_two_four_all_up_in_one_step(
    qtbot: QtBot, repository: SessionRepository
):
    dialog = show_active(qtbot, NewSessionDialog())
    combo = dialog.agenda_editor.template_combo
    names = [combo.itemData(i) for i in range(combo.count())]
    assert "Brainwriting" not in names
    assert {"6-3-5 brainwriting", "1-2-4-All", "Nominal Group Technique", "SCAMPER"} <= set(names)
    qtbot.keyClicks(dialog.title_edit, "Onboarding, 1-2-4-All")
    qtbot.keyClicks(dialog.facilitator_edit, "Maya Chen")
    type_people(qtbot, dialog, PEOPLE_TYPED)
    choose_template(qtbot, dialog, "1-2-4-All")
    cells = [dialog.agenda_table.item(row, 0) for row in range(4)]
    kinds = [cell.text() if cell else "" for cell in cells]
    assert kinds == ["Silent ideation · 1-2-4-All"] + ["Ideate · 1-2-4-All"] * 2 + [
        "Discuss · 1-2-4-All"
    ]
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    session = build_session(dialog.spec())
    repository.add_session(session)
    stored = repository.load_session(session.id)
    assert [p.technique for p in stored.phases] == [Technique.ONE_TWO_FOUR_ALL] * 4
    departments = {p.id: p.department for p in stored.participants}
    settings = [
        OneTwoFourAllSettings.from_settings(p.technique_settings.as_mapping())
        for p in stored.phases
    ]
    assert [s.step for s in settings] == ["one", "two", "four", "all"]
    pairs = settings[1].pairs
    grouped = sorted(person for pair in pairs for person in pair)
    facilitator = next(p.id for p in stored.participants if p.name == "Maya Chen")
    assert grouped == sorted(p.id for p in stored.participants if p.id != facilitator)
    assert all(len({departments[p] for p in pair}) == 2 for pair in pairs)  # mixed
    assert all(s.pairs == pairs for s in settings)  # the same groups in every phase


def test_the_six_three_five_rounds_follow_the_people_typed(qtbot: QtBot):
    dialog = show_active(qtbot, NewSessionDialog())
    type_people(qtbot, dialog, "Ana, Sales\nBen, Support\nCy, Sales\nDee, Ops")
    choose_template(qtbot, dialog, "6-3-5 brainwriting")
    spec = dialog.current_spec()
    assert spec.techniques[0][0] is Technique.BRAINWRITING_635
    assert spec.phases[0][2] == 4 * 5 * 60  # four people: four rounds of five minutes


def test_an_agenda_edit_keeps_each_phases_technique_and_its_live_settings():
    session = on_phase(from_template("SCAMPER"), Technique.SCAMPER)
    scamper = next(p for p in session.phases if p.technique is Technique.SCAMPER)
    # The agenda as the dialog edits it: a title changed, the technique kept.
    rows = [
        AgendaRow(
            p.id,
            p.kind,
            "Twist it" if p.id == scamper.id else p.title,
            p.planned_seconds,
            technique=p.technique,
            settings=p.technique_settings,
        )
        for p in session.phases
    ]
    edited = merge_agenda(session.phases, rows)
    moved = TechniqueSettings.of({"prompt_index": 3, "note_id": None})
    live = tuple(
        replace(p, technique_settings=moved) if p.id == scamper.id else p for p in session.phases
    )
    after = apply_agenda_edit(live, edited)
    kept = next(p for p in after if p.id == scamper.id)
    assert kept.title == "Twist it" and kept.technique is Technique.SCAMPER
    assert kept.technique_settings == moved  # the prompt moved meanwhile is not taken back


# ----------------------------------------------------------------------------- SCAMPER


def test_scamper_prompts_move_by_key_are_stored_and_notes_carry_them(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings
):
    session = scamper_session()
    repository.add_session(session)
    window = open_session(qtbot, repository, settings, session.id)
    idea = "note-0"
    window.scene.select_notes([idea])
    press(qtbot, window, Qt.Key.Key_F8)  # the idea to twist, in the spotlight
    chosen = next(
        p for p in repository.load_session(session.id).phases if p.technique is Technique.SCAMPER
    )
    assert (scamper_settings(chosen) or ScamperSettings()).note_id == idea
    press(qtbot, window, Qt.Key.Key_F11)  # the room's view
    room = window.room_view.window
    assert room is not None
    assert room.prompt_label.text() == f"S · Substitute (1 of 7): {SCAMPER_PROMPTS[0].question}"
    steps = window.document.undo_stack.count()
    room.close()
    for _ in range(3):
        press(qtbot, window, Qt.Key.Key_F7)
    press(qtbot, window, Qt.Key.Key_F7, shift=True)
    assert window.document.undo_stack.count() == steps  # a prompt is no undo step
    adapt = SCAMPER_PROMPTS[2]
    assert window.header.technique_label.text() == f"A · Adapt (3 of 7): {adapt.question}"
    window.capture_bar.idea_edit.setFocus()
    type_idea(qtbot, window, "Borrow the hotel check-in")
    stored = repository.load_session(session.id)
    typed = next(n for n in stored.notes if n.text == "Borrow the hotel check-in")
    assert typed.prompt == adapt.text and typed.builds_on == idea
    phase = next(p for p in stored.phases if p.technique is Technique.SCAMPER)
    scamper = scamper_settings(phase)
    assert scamper is not None and scamper.prompt_index == 2 and scamper.note_id == idea

    # A crash loses nothing: the window opened again from the database shows the same
    # prompt, and the next note still answers it and builds on the idea.
    again = reopen(qtbot, repository, settings, window)
    assert again.header.technique_label.text().startswith("A · Adapt (3 of 7)")
    assert again.capture_bar.builds_on_id == idea
    press(qtbot, again, Qt.Key.Key_F11)
    assert again.room_view.window is not None
    assert again.room_view.window.prompt_label.text().startswith("A · Adapt")
    again.room_view.window.close()
    type_idea(qtbot, again, "A welcome desk in the app")
    last = next(
        n for n in repository.load_session(session.id).notes if n.text.startswith("A welcome")
    )
    assert last.prompt == adapt.text and last.builds_on == idea


def test_scamper_keys_outside_its_phase_say_why(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings
):
    session = from_template("SCAMPER")  # on its first phase: picking the idea
    repository.add_session(session)
    window = open_session(qtbot, repository, settings, session.id)
    press(qtbot, window, Qt.Key.Key_F7)
    assert "not a SCAMPER phase" in window.statusBar().currentMessage()
    stored = repository.load_session(session.id)
    scamper = next(p for p in stored.phases if p.technique is Technique.SCAMPER)
    assert scamper_settings(scamper) == scamper_settings(
        next(p for p in session.phases if p.id == scamper.id)
    )


# --------------------------------------------------------------------------------- NGT


def test_ngt_reveals_one_person_at_a_time_as_one_undo_step_and_survives_a_reopen(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings
):
    session = ngt_sharing_session()
    repository.add_session(session)
    window = open_session(qtbot, repository, settings, session.id)
    names = {p.id: p.name for p in session.participants}

    def face_up() -> set[str]:
        notes = repository.load_session(session.id).notes
        return {names[n.author_id or ""] for n in notes if not n.hidden}

    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.capture_bar.idea_edit, Qt.Key.Key_R, ctrl_shift)
    assert face_up() == {"Ana Ruiz"}
    press(qtbot, window, Qt.Key.Key_F11)
    room = window.room_view.window
    assert room is not None
    assert room.prompt_label.text() == "Ana Ruiz's ideas · 1 of 3 people have shared"
    assert window.header.technique_label.text() == room.prompt_label.text()
    room.close()

    # One undo step: the notes go face down and the turn is not counted.
    assert window.document.undo_stack.undoText() == "Reveal Ana Ruiz's ideas"
    qtbot.keyClick(window.capture_bar.idea_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert face_up() == set()
    sharing = window.document.current_phase
    assert sharing is not None
    stored = repository.load_session(session.id)
    ngt = nominal_group_settings(next(p for p in stored.phases if p.id == sharing.id))
    assert ngt is not None and ngt.revealed == 0
    qtbot.keyClick(
        window.capture_bar.idea_edit,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert face_up() == {"Ana Ruiz"}

    # Reopened from the database: the same person was last, and the next is Ben.
    again = reopen(qtbot, repository, settings, window)
    assert again.header.technique_label.text().startswith("Ana Ruiz's ideas")
    qtbot.keyClick(again.capture_bar.idea_edit, Qt.Key.Key_R, ctrl_shift)
    assert face_up() == {"Ana Ruiz", "Ben Okafor"}
    assert again.header.technique_label.text() == "Ben Okafor's ideas · 2 of 3 people have shared"
    qtbot.keyClick(again.capture_bar.idea_edit, Qt.Key.Key_R, ctrl_shift)
    qtbot.keyClick(again.capture_bar.idea_edit, Qt.Key.Key_R, ctrl_shift)
    assert "Everyone has shared" in again.statusBar().currentMessage()
    assert face_up() == {"Ana Ruiz", "Ben Okafor", "Dee Park"}


# ----------------------------------------------------------------------------- minutes


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_the_minutes_name_each_phases_technique(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings, tmp_path: Path
):
    session = scamper_session()
    repository.add_session(session)
    window = open_session(qtbot, repository, settings, session.id)
    type_idea(qtbot, window, "Borrow the hotel check-in")
    target = tmp_path / "minutes.pdf"
    export_file(repository.load_session(session.id), "pdf", target)
    text = subprocess.run(
        ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert "SCAMPER: seven prompts on one idea" in flat
    groups = from_template("1-2-4-All")
    pairs = next(p for p in groups.phases if p.title == "2: in pairs")
    groups = with_notes(groups, ("Shadow a new customer", "Ana Ruiz", False, pairs.id))
    ana = next(p.id for p in groups.participants if p.name == "Ana Ruiz")
    group = author_label(
        OneTwoFourAllSettings.from_settings(pairs.technique_settings.as_mapping()), ana
    )
    assert group is not None and group.startswith("Group ")
    target = tmp_path / "groups.pdf"
    export_file(groups, "pdf", target)
    flat = " ".join(
        subprocess.run(
            ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "1-2-4-All: in pairs (2 groups)" in flat
    assert f"{group} (Ana Ruiz, Sales)" in flat  # the group, and who wrote it
    assert "Nominal Group" not in flat
