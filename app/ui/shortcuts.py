"""Every key Dotstorm answers to, in one place: the actions, the help (F1) and the README.

Actions are made with these keys (``make_action(..., keys=SHORTCUT.keys)``), widgets
that read keys themselves ask :func:`pressed`, and the help window and the README's
table are drawn from :data:`ALL`, so the help can never drift from the keys. The test
``tests/ui/test_shortcuts.py`` presses each one in the place it works.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence

from app.core.techniques.common import TECHNIQUE_NAMES, Technique


@dataclass(frozen=True, slots=True)
class Shortcut:
    """Keys, where they work, and what they do."""

    where: str
    keys: tuple[str, ...]
    what: str
    brief: str = ""
    """A few words for an on-screen hint ("start/pause"); empty when it has none."""

    @property
    def label(self) -> str:
        """The keys as the help shows them: ``Ctrl+Shift+Z / Ctrl+Y``, ``Enter``."""
        return " / ".join(key_label(key) for key in self.keys)

    @property
    def sequences(self) -> list[QKeySequence]:
        """The keys as Qt takes them."""
        return [QKeySequence(key) for key in self.keys]


SAID_AS = {"Return": "Enter", "Del": "Delete"}
"""Keys as people call them (Qt writes "Return" and "Del")."""


def key_label(key: str) -> str:
    """One key as the help and the README show it: ``Ctrl+Enter``, ``PgDown``."""
    text = QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText) or key
    parts = text.split("+")
    return "+".join(SAID_AS.get(part, part) for part in parts) if text != "+" else text


# Where a key works, in the order the help lists them.
LIBRARY = "Library"
SESSION = "Session window (anywhere)"
CAPTURE = "Capture bar"
FIND = "Find box"
BOARD = "Board"
EDITING = "Editing a note or a cluster's title on the board"
PAIRS = "Similar ideas panel (its list of pairs)"
TIMER = "Timer (with the keyboard on it)"
ROOM = "Room's view (presentation mode)"
CURTAIN = "Voting: the curtain"
BALLOT = "Voting: a ballot"
RATING_BALLOT = "Voting: a rating ballot"
RANK_BALLOT = "Voting: a rank ballot"
ACTIONS = "Actions panel"
DIALOGS = "Dialogs"
PLACES = (
    LIBRARY,
    SESSION,
    CAPTURE,
    FIND,
    BOARD,
    EDITING,
    PAIRS,
    TIMER,
    ROOM,
    CURTAIN,
    BALLOT,
    RATING_BALLOT,
    RANK_BALLOT,
    ACTIONS,
    DIALOGS,
)

ALL: list[Shortcut] = []


def _key(where: str, keys: str | tuple[str, ...], what: str, brief: str = "") -> Shortcut:
    made = Shortcut(where, (keys,) if isinstance(keys, str) else keys, what, brief)
    ALL.append(made)
    return made


HELP = _key(SESSION, "F1", "All keyboard shortcuts (this list)")
LIBRARY_HELP = _key(LIBRARY, "F1", "All keyboard shortcuts")

NEW_SESSION = _key(LIBRARY, "Ctrl+N", "New session")
OPEN_SESSION = _key(LIBRARY, ("Ctrl+O", "Return"), "Open the selected session")
DUPLICATE_SESSION = _key(LIBRARY, "Ctrl+D", "Duplicate as template")
DELETE_SESSION = _key(LIBRARY, "Del", "Delete the selected session (asks first)")
IMPORT_FILE = _key(LIBRARY, "Ctrl+I", "Import a session file")
EXPORT_FILE = _key(LIBRARY, "Ctrl+E", "Export the selected session as a file")
LIBRARY_FIND = _key(LIBRARY, "Ctrl+F", "Search the sessions (or the backlog)")
SESSIONS_PAGE = _key(LIBRARY, "Ctrl+1", "The sessions")
BACKLOG_PAGE = _key(LIBRARY, "Ctrl+2", "The backlog of actions and ideas")
GOALS_PAGE = _key(LIBRARY, "Ctrl+3", "The goals: each one's number and what its sessions did")
LIBRARY_UNDO = _key(LIBRARY, "Ctrl+Z", "Undo a status set in the backlog")
LIBRARY_REDO = _key(LIBRARY, ("Ctrl+Shift+Z", "Ctrl+Y"), "Redo it")
QUIT = _key(LIBRARY, "Ctrl+Q", "Quit")

UNDO = _key(SESSION, "Ctrl+Z", "Undo (the Edit menu names the step)")
REDO = _key(SESSION, ("Ctrl+Shift+Z", "Ctrl+Y"), "Redo")
NEXT_PANE = _key(SESSION, "F6", "Keyboard to the next pane (capture bar, board, timer…)")
PREVIOUS_PANE = _key(SESSION, "Shift+F6", "Keyboard to the previous pane")
FIND_NOTES = _key(SESSION, "Ctrl+F", "Find notes (Esc clears the find)")
REVEAL = _key(SESSION, "Ctrl+R", "Reveal the face-down notes")
START_PAUSE = _key(SESSION, "Ctrl+Space", "Start or pause the timer (works while typing)")
MINUTE_MORE = _key(SESSION, ("Ctrl+=", "Ctrl++"), "One minute more")
MINUTE_LESS = _key(SESSION, "Ctrl+-", "One minute less")
NEXT_PHASE = _key(SESSION, "Ctrl+PgDown", "Next phase")
PREVIOUS_PHASE = _key(SESSION, "Ctrl+PgUp", "Previous phase")
UNLOCK = _key(SESSION, "Ctrl+U", "Unlock a board locked at zero")
AGENDA = _key(SESSION, "Ctrl+Shift+A", "Edit the agenda")
CAPTURE_BAR = _key(SESSION, "Ctrl+L", "Show or hide the capture bar")
PEOPLE_PANEL = _key(SESSION, "F9", "Show or hide the people and agenda panel")
ACTIONS_PANEL = _key(SESSION, "Ctrl+Shift+E", "Show or hide the actions panel")
PRESENT = _key(SESSION, "F11", "Presentation mode (the room's view, full screen)")
PROJECT = _key(SESSION, "Ctrl+F11", "The room's view on the projector")
SPOTLIGHT = _key(SESSION, "F8", "Spotlight the selected note or cluster on the room's view")
ROOM_NEXT = _key(SESSION, "Alt+PgDown", "Room's view: next page")
ROOM_PREVIOUS = _key(SESSION, "Alt+PgUp", "Room's view: previous page")
ROOM_LARGER = _key(SESSION, "Alt+]", "Room's view: larger text")
ROOM_SMALLER = _key(SESSION, "Alt+[", "Room's view: smaller text")
ROOM_FIT = _key(SESSION, "Alt+0", "Room's view: the largest text that fits")
VOTE = _key(
    SESSION, "Ctrl+Shift+V", "Voting: set a round up (dots, rating or rank), or its curtain"
)
BACK_TO_BOARD = _key(SESSION, "Ctrl+Shift+B", "Back to the board")
EXPORT = _key(SESSION, "Ctrl+E", "Export minutes (PDF, Markdown), notes (CSV) or the file")
REVIEW_OUTCOMES = _key(SESSION, "Ctrl+Shift+O", "Outcomes of last time's experiments (review)")
SIMILAR_PANEL = _key(
    SESSION, "Ctrl+Shift+S", "Similar ideas: pairs that may be one idea, best first"
)
SUGGEST_CLUSTERS = _key(SESSION, "Ctrl+Alt+G", "Suggest clusters for the loose notes (asks first)")
PHONES = _key(
    SESSION,
    "Ctrl+Shift+P",
    "Phones in the room: attendees add ideas and vote from their phones (on, or its panel)",
)
SCAMPER_NEXT = _key(SESSION, "F7", "SCAMPER: the next prompt on the spotlit idea")
SCAMPER_PREVIOUS = _key(SESSION, "Shift+F7", "SCAMPER: the previous prompt")
REVEAL_NEXT_PERSON = _key(
    SESSION,
    "Ctrl+Shift+R",
    "Nominal Group Technique: turn up the next person's face-down notes (round robin)",
)
CLOSE = _key(SESSION, "Ctrl+W", "Close the session window")

ADD_NOTE = _key(CAPTURE, "Return", "Add the note; the cursor stays for the next")
CHOOSE_AUTHOR = _key(CAPTURE, ("Up", "Down"), "Choose who said it")
PASTE_LINES = _key(CAPTURE, "Ctrl+V", "Paste several lines: one note each")
MERGE_HINTED = _key(
    CAPTURE, "Ctrl+Shift+M", "Merge the note just added into the one its hint names"
)
BUILDS_ON = _key(
    CAPTURE,
    "Ctrl+B",
    "Builds on: the selected note (or the last spotlit one); again: builds on nothing",
    "builds on",
)

NOTE_FOCUS = _key(BOARD, ("Tab", "Shift+Tab"), "Keyboard to the next / previous note")
SELECT_NOTE = _key(
    BOARD, "Space", "Add the note with the keyboard to the selection, or take it out"
)
EDIT_NOTE = _key(BOARD, ("F2", "Return"), "Edit the note (Enter keeps, Shift+Enter new line)")
DELETE_NOTES = _key(BOARD, "Del", "Delete the selection")
DUPLICATE_NOTES = _key(BOARD, "Ctrl+D", "Duplicate the selection")
GROUP = _key(BOARD, "Ctrl+G", "Group the selection into a cluster, then type its name")
UNGROUP = _key(BOARD, "Ctrl+Shift+G", "Ungroup")
JOIN_CLUSTER = _key(BOARD, "Ctrl+J", "Put the selection into a cluster chosen from a list")
NUDGE = _key(BOARD, ("Left", "Right", "Up", "Down"), "Nudge the selection")
NUDGE_FINE = _key(BOARD, ("Shift+Left", "Shift+Right", "Shift+Up", "Shift+Down"), "Nudge finer")
SELECT_ALL = _key(BOARD, "Ctrl+A", "Select every note")
CLEAR_SELECTION = _key(BOARD, "Esc", "Select no note")
PASTE_NOTES = _key(BOARD, "Ctrl+V", "Paste lines as notes")
MAKE_ACTION = _key(BOARD, "Ctrl+M", "Make an action from the note")
MERGE_NOTES = _key(BOARD, "Ctrl+Shift+M", "Merge the selected notes into one stack")
OPEN_STACK = _key(BOARD, "Ctrl+Shift+K", "Open the stack: every text and author; take one out")
ZOOM_IN = _key(BOARD, "+", "Zoom in (Ctrl+wheel: around the pointer)")
ZOOM_OUT = _key(BOARD, "-", "Zoom out")
FIT = _key(BOARD, "F", "Fit everything")
HUNDRED = _key(BOARD, "1", "Back to 100 %")
NOTE_MENU = _key(BOARD, ("Menu", "Shift+F10"), "The note's menu")

TIMER_TOGGLE = _key(TIMER, "Space", "Start or pause", "start/pause")
TIMER_MORE = _key(TIMER, "+", "One minute more")
TIMER_LESS = _key(TIMER, "-", "One minute less", "a minute")
TIMER_NEXT = _key(TIMER, "N", "Next phase", "next")
TIMER_PREVIOUS = _key(TIMER, "P", "Previous phase", "previous")
TIMER_RESTART = _key(TIMER, "R", "Restart this phase", "restart")
TIMER_KEYS = (TIMER_TOGGLE, TIMER_MORE, TIMER_LESS, TIMER_NEXT, TIMER_PREVIOUS, TIMER_RESTART)

ROOM_TIMER = _key(
    ROOM,
    tuple(key for shortcut in TIMER_KEYS for key in shortcut.keys),
    "The timer's keys (on the projector's view they stay on the laptop)",
)
ROOM_PAGE_NEXT = _key(ROOM, ("PgDown", "Right", "Down"), "Next page (in the spotlight: cluster)")
ROOM_PAGE_BACK = _key(ROOM, ("PgUp", "Left", "Up"), "Previous page (or cluster)", "page")
ROOM_TEXT_LARGER = _key(ROOM, "]", "Larger text", "text size")
ROOM_TEXT_SMALLER = _key(ROOM, "[", "Smaller text")
ROOM_TEXT_FIT = _key(ROOM, "0", "The largest text that fits", "fit")
ROOM_SPOTLIGHT = _key(
    ROOM, "F8", "Spotlight the board's selection, or the whole board again", "spotlight"
)
ROOM_LEAVE = _key(ROOM, ("Esc", "F11"), "Leave presentation mode", "leaves")

CURTAIN_MOVE = _key(CURTAIN, ("Left", "Right", "Up", "Down", "Tab"), "Move between the names")
CURTAIN_OPEN = _key(CURTAIN, ("Return", "Space"), "Open that person's ballot")
CLOSE_ROUND = _key(CURTAIN, "Ctrl+Return", "Close the round (Enter confirms, Esc cancels)")

BALLOT_MOVE = _key(BALLOT, ("Left", "Right", "Up", "Down"), "Move between the items")
BALLOT_ADD = _key(BALLOT, "Space", "Put a dot on the item")
BALLOT_REMOVE = _key(BALLOT, ("Backspace", "Del"), "Take a dot back")
BALLOT_UNDO = _key(BALLOT, "Ctrl+Z", "Undo this turn's last change")
BALLOT_DONE = _key(BALLOT, "Return", "Done: hide my votes")

DIGITS = tuple(str(digit) for digit in range(10))
"""0 to 9, in that order: a digit key's index is its number."""
RATING_MOVE = _key(
    RATING_BALLOT,
    ("Up", "Down", "Left", "Right"),
    "Move between the items (Up, Down) and the criteria (Left, Right)",
)
RATING_VALUE = _key(
    RATING_BALLOT, DIGITS, "Give that value, then on to the next cell (0 is 10 on a 1-10 scale)"
)
RATING_STEP = _key(
    RATING_BALLOT,
    ("+", "-"),
    "One step up or down the scale, staying on the cell (for a value no digit gives: "
    "10 on a 0-10 scale, or below 0)",
)
RATING_CLEAR = _key(RATING_BALLOT, ("Backspace", "Del"), "Clear the value")
RATING_DONE = _key(RATING_BALLOT, "Return", "Done: hide my votes")

RANK_MOVE = _key(RANK_BALLOT, ("Up", "Down"), "Move between the items")
RANK_PLACE = _key(
    RANK_BALLOT,
    DIGITS,
    "Put the item at that place (0 is place 10); an item there swaps or leaves the ranking",
)
RANK_TAKE_OUT = _key(RANK_BALLOT, ("Backspace", "Del"), "Take the item out of the ranking")
RANK_DONE = _key(RANK_BALLOT, "Return", "Done: hide my votes (with places left free too)")

FIND_CLEAR = _key(FIND, "Esc", "Clear the find: every note shows again")

EDIT_KEEP = _key(EDITING, "Return", "Keep the text")
EDIT_NEW_LINE = _key(EDITING, "Shift+Return", "A new line (in a note; a title is one line)")
EDIT_CANCEL = _key(EDITING, "Esc", "Leave it as it was")

PAIR_MERGE = _key(PAIRS, "Return", "Merge the chosen pair into one stack")
PAIR_NOT_SAME = _key(PAIRS, ("Del", "Backspace"), "Not the same idea: never offered again")

ACTION_NEXT_FIELD = _key(ACTIONS, "Tab", "Next field")
ACTION_STORE = _key(ACTIONS, "Return", "Store the action and start the next")

DIALOG_OK = _key(DIALOGS, "Return", "The dialog's default button")
DIALOG_CANCEL = _key(DIALOGS, "Esc", "Cancel")
DIALOG_FIELDS = _key(DIALOGS, ("Tab", "Shift+Tab"), "Next / previous field (out of a table too)")
DIALOG_TABLE = _key(
    DIALOGS,
    ("Ctrl+Tab", "Ctrl+Shift+Tab", "Up", "Down"),
    "Move inside a table (F2 edits a cell)",
)

TECHNIQUES_PLACE = "Techniques (what each runs, and its keys)"
TECHNIQUES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        TECHNIQUE_NAMES[Technique.BRAINWRITING_635],
        (
            f"{START_PAUSE.label} starts the rounds; sheets pass left",
            f"Typing paper up: {ADD_NOTE.label} on an empty box skips the slot",
        ),
    ),
    (
        TECHNIQUE_NAMES[Technique.ONE_TWO_FOUR_ALL],
        (
            f"Alone, pairs, fours, all: {NEXT_PHASE.label} is the next step",
            f"{CHOOSE_AUTHOR.label} in the capture bar picks the writer",
        ),
    ),
    (
        TECHNIQUE_NAMES[Technique.NOMINAL_GROUP],
        (
            f"{REVEAL_NEXT_PERSON.label} turns up the next person's notes",
            f"Clarify with {SPOTLIGHT.label}, then a rank round ({VOTE.label})",
        ),
    ),
    (
        TECHNIQUE_NAMES[Technique.SCAMPER],
        (
            f"{SPOTLIGHT.label} spotlights one idea; typed ideas build on it",
            f"{SCAMPER_NEXT.label} / {SCAMPER_PREVIOUS.label}: the next / previous of 7 prompts",
        ),
    ),
)
"""The F1 list's last part: each technique in a line, its keys named from the entries above."""


SAME_KEY = {Qt.Key.Key_Equal: Qt.Key.Key_Plus, Qt.Key.Key_Underscore: Qt.Key.Key_Minus}
"""Keys typed for another: "=" is "+" without its Shift, "_" is "-" with it."""


def which(shortcut: Shortcut, event: QKeyEvent) -> int | None:
    """The index in ``shortcut.keys`` of the key ``event`` is, or ``None``.

    The keypad counts as the main keys (its Enter is Return), and Shift on a key
    that is a symbol is ignored: "+" is Shift+= on most keyboards. Qt's Backtab is
    Shift+Tab.
    """
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    key = Qt.Key.Key_Return if event.key() == Qt.Key.Key_Enter else Qt.Key(event.key())
    if key == Qt.Key.Key_Backtab:  # how Qt names Shift+Tab
        key, modifiers = Qt.Key.Key_Tab, modifiers | Qt.KeyboardModifier.ShiftModifier
    for index, sequence in enumerate(shortcut.sequences):
        if sequence.isEmpty():
            continue
        combination = sequence[0]  # type: ignore[index]  # the stubs miss __getitem__
        wanted_key = combination.key()
        if wanted_key != key and SAME_KEY.get(key) != wanted_key:
            continue
        wanted = combination.keyboardModifiers()
        if modifiers == wanted:
            return index
        symbol = key < Qt.Key.Key_Escape and not Qt.Key.Key_A <= key <= Qt.Key.Key_Z
        if symbol and modifiers == wanted | Qt.KeyboardModifier.ShiftModifier:
            return index
    return None


def pressed(shortcut: Shortcut, event: QKeyEvent) -> bool:
    """Whether ``event`` is one of ``shortcut``'s keys (as :func:`which` reads them)."""
    return which(shortcut, event) is not None


def pressed_any(sequences: Iterable[QKeySequence], event: QKeyEvent) -> bool:
    """Whether ``event`` is one of these key sequences (a QAction's), as :func:`which` reads."""
    keys = tuple(
        sequence.toString(QKeySequence.SequenceFormat.PortableText)
        for sequence in sequences
        if not sequence.isEmpty()
    )
    return bool(keys) and pressed(Shortcut("", keys, ""), event)


def hint(*shortcuts: Shortcut) -> str:
    """An on-screen line of keys: ``Space start/pause · + / − a minute``.

    Each shortcut shows its first key; one without a brief shares the next one's
    ("+" and "−" share "a minute").
    """
    parts: list[str] = []
    keys: list[str] = []
    for shortcut in shortcuts:
        keys.append(key_label(shortcut.keys[0]).replace("-", "−"))
        if shortcut.brief:
            parts.append(f"{' / '.join(keys)} {shortcut.brief}")
            keys = []
    return " · ".join(parts)


def table_markdown() -> list[str]:
    """The README's table of shortcuts, as Markdown lines (checked by a test)."""
    lines = ["| Where | Keys | What |", "| --- | --- | --- |"]
    for place in PLACES:
        for shortcut in ALL:
            if shortcut.where == place:
                keys = shortcut.label.replace("|", "\\|")
                lines.append(f"| {place} | {keys} | {shortcut.what} |")
    return lines
