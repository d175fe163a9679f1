"""A sticky note on the board: a coloured card with its text, author and department."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetricsF,
    QPainter,
    QPen,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsRectItem,
    QStyleOptionGraphicsItem,
    QWidget,
)

from app.core.board import NOTE_HEIGHT, NOTE_WIDTH, initials
from app.core.types import Note, Participant
from app.ui.board.note_text import TextBlock
from app.ui.board.note_text import text_font as _text_font

PADDING = 12.0
FOOTER_HEIGHT = 24.0
TEXT_PIXEL_SIZES = (22, 20, 18)  # largest that fits; never below 18 px at 100 %
FOOTER_PIXEL_SIZE = 15
SMALLEST_DRAWN_TEXT = 5.0
"""Text is drawn while it would be at least this many pixels high on screen."""
PLAIN_CARD_BELOW = SMALLEST_DRAWN_TEXT / min(TEXT_PIXEL_SIZES)
"""Zoomed out further than this (about 28 %), cards are drawn without their text."""
SELECTION_COLOR = QColor("#2563EB")
KEYBOARD_COLOR = QColor("#F97316")
"""The ring around the note the keyboard is on (not the selection's blue)."""
HIGHLIGHT_COLOR = QColor("#F97316")
TEXT_COLOR = QColor("#1F2933")
ACTION_TAB_HEIGHT = 22.0  # fits the gap between two rows of notes
ACTION_TAB_COLOR = QColor("#0F5257")
STACK_BADGE_COLOR = QColor("#22313F")
STACK_BADGE = QRectF(NOTE_WIDTH - 54, -16, 62, 30)
"""Where a stack's count sits: over the card's top right corner."""


class NoteItem(QGraphicsRectItem):
    """Draws one note; selecting and dragging it is Qt's, what a drag means is the scene's."""

    def __init__(
        self,
        note: Note,
        author: Participant | None,
        anonymous: bool,
        group: str = "",
        group_words: str = "",
    ) -> None:
        # A rect item answers boundingRect() and shape() in C++: with thousands of notes
        # on screen, a Python override of those is what repaints spend their time in.
        super().__init__(QRectF(-10, -10, NOTE_WIDTH + 20, NOTE_HEIGHT + 20))
        self.setPen(QPen(Qt.PenStyle.NoPen))
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
            | QGraphicsItem.GraphicsItemFlag.ItemIsMovable
        )
        self.setAcceptHoverEvents(False)
        self.dimmed = False
        self.highlighted = False
        self.dots = 0
        self.action_label = ""
        self.keyboard_focus = False
        self.stack_size = 1
        self._stack_tooltip = ""
        self._link_tooltip = ""
        self.set_note(note, author, anonymous, group, group_words)

    def set_note(
        self,
        note: Note,
        author: Participant | None,
        anonymous: bool,
        group: str = "",
        group_words: str = "",
    ) -> None:
        """Show ``note`` (new text, colour, place or face).

        A note written in a 1-2-4-All pair or four names its ``group`` ("Group A") as
        its author, and its tooltip ``group_words`` (the group's people, who wrote it).
        """
        self.prepareGeometryChange()
        self.note = note
        self.setPos(note.x, note.y)
        self._color = QColor(note.color)
        self._footer = ""
        signed = author is not None and not anonymous
        if signed and group:
            self._footer = group
        elif author is not None and signed:
            self._footer = "  ·  ".join(p for p in (initials(author.name), author.department) if p)
        self._text_block: TextBlock | None = None  # laid out when first drawn in detail
        tooltip = "" if note.hidden else note.text
        if tooltip and signed and group:
            tooltip += f"\n— {group_words or group}"
        elif tooltip and author is not None and signed:
            tooltip += f"\n— {author.name}" + (
                f", {author.department}" if author.department else ""
            )
        self._own_tooltip = tooltip
        self._show_tooltip()
        self.update()

    def set_links(self, summary: str) -> None:
        """What the tooltip says of the note's links ("Builds on: “…”; built on by 2")."""
        self._link_tooltip = f"\n\n{summary}" if summary and self._own_tooltip else ""
        self._show_tooltip()

    def _show_tooltip(self) -> None:
        self.setToolTip(self._own_tooltip + self._link_tooltip + self._stack_tooltip)

    def set_stack(self, size: int, others: str = "") -> None:
        """Show the card as a stack of ``size`` notes (1: a plain card).

        ``others`` is what the tooltip adds: the other notes' texts and authors.
        """
        if (size, others) == (self.stack_size, self._stack_tooltip):
            return
        self.stack_size = size
        self._stack_tooltip = others
        self._show_tooltip()
        self._fit_rect()

    @property
    def _text(self) -> TextBlock:
        if self._text_block is None:
            self._text_block = TextBlock(
                self.note.text,
                NOTE_WIDTH - 2 * PADDING,
                NOTE_HEIGHT - 2 * PADDING - (FOOTER_HEIGHT if self._footer else 0),
                TEXT_PIXEL_SIZES,
            )
        return self._text_block

    @property
    def note_id(self) -> str:
        """The id of the note shown."""
        return self.note.id

    @property
    def is_elided(self) -> bool:
        """Whether the text did not fit the card (the tooltip then shows it whole)."""
        return self._text.elided

    def drawn_lines(self) -> list[tuple[str, QRectF]]:
        """The lines of text the card draws, each with its box in the card's coordinates."""
        return [(words, box.translated(PADDING, PADDING)) for words, box in self._text.drawn()]

    @property
    def text_area(self) -> QRectF:
        """Where the note's text may be drawn on the card (above the footer)."""
        return self._text.area.translated(PADDING, PADDING)

    def set_dots(self, dots: int) -> None:
        """Show the dots this note got in the round on display (0: none shown)."""
        if dots != self.dots:
            self.dots = dots
            self.update()

    def set_action_label(self, label: str) -> None:
        """Show the actions made from this note as a tab above it ("": none)."""
        if label == self.action_label:
            return
        self.action_label = label
        self._fit_rect()

    def _fit_rect(self) -> None:
        """Room for the action tab above the card, and for the stack's count."""
        self.prepareGeometryChange()
        top = -10 - (ACTION_TAB_HEIGHT + 2 if self.action_label else 0)
        if self.stack_size > 1:
            top = min(top, STACK_BADGE.top() - 2)
        self.setRect(QRectF(-10, top, NOTE_WIDTH + 20, NOTE_HEIGHT + 10 - top))
        self.update()

    def set_keyboard_focus(self, focused: bool) -> None:
        """Draw (or stop drawing) the ring that says the keyboard is on this note."""
        if focused != self.keyboard_focus:
            self.keyboard_focus = focused
            self.update()
            overview = getattr(self.scene(), "overview", None)
            if isinstance(overview, BoardOverview):
                if focused:
                    overview.keyboard_item = self
                elif overview.keyboard_item is self:
                    overview.keyboard_item = None
                overview.update()

    def set_find_state(self, dimmed: bool, highlighted: bool) -> None:
        """Dim notes that do not match the find bar; outline those that do."""
        if (dimmed, highlighted) != (self.dimmed, self.highlighted):
            self.dimmed, self.highlighted = dimmed, highlighted
            self.setOpacity(0.22 if dimmed else 1.0)
            self.update()

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        """Card, then (close enough to read) text and footer."""
        if option.levelOfDetailFromTransform(painter.worldTransform()) < PLAIN_CARD_BELOW:
            return  # the board overview draws every card in one go at this distance
        card = QRectF(0, 0, NOTE_WIDTH, NOTE_HEIGHT)
        face_down = self.note.hidden
        fill = QColor("#5B6B7A") if face_down else self._color
        outline = QPen(fill.darker(130), 1.2)
        if self.stack_size > 1:
            self._paint_stack_behind(painter, card, fill)
        if self.isSelected():
            outline = QPen(SELECTION_COLOR, 4)
        elif self.highlighted:
            outline = QPen(HIGHLIGHT_COLOR, 4)
        painter.setPen(outline)
        painter.setBrush(QBrush(fill))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.drawRoundedRect(card, 6, 6)
        if face_down:
            painter.setPen(QColor("#E8EDF2"))
            painter.setFont(_text_font(18, bold=True))
            painter.drawText(card, Qt.AlignmentFlag.AlignCenter, "Face down\nuntil Reveal")
            if self.keyboard_focus:
                painter.setPen(QPen(KEYBOARD_COLOR, 5, Qt.PenStyle.DashLine))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(card.adjusted(-7, -7, 7, 7), 10, 10)
            return
        painter.setPen(TEXT_COLOR)
        self._text.draw(painter, QPointF(PADDING, PADDING))
        if self.action_label:
            self._paint_action_tab(painter)
        if self.keyboard_focus:
            ring = QPen(KEYBOARD_COLOR, 5, Qt.PenStyle.DashLine)
            painter.setPen(ring)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(card.adjusted(-7, -7, 7, 7), 10, 10)
        if self.stack_size > 1:
            self._paint_stack_badge(painter)
        if self.dots:
            badge = QRectF(NOTE_WIDTH - 58, NOTE_HEIGHT - 34, 50, 26)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#B42318"))
            painter.drawRoundedRect(badge, 13, 13)
            painter.setPen(QColor("white"))
            painter.setFont(_text_font(16, bold=True))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, f"● {self.dots}")
        if self._footer:
            painter.setFont(_text_font(FOOTER_PIXEL_SIZE))
            painter.setPen(QColor(0, 0, 0, 150))
            footer = QRectF(
                PADDING,
                NOTE_HEIGHT - PADDING - FOOTER_HEIGHT + 6,
                NOTE_WIDTH - 2 * PADDING,
                FOOTER_HEIGHT,
            )
            metrics = QFontMetricsF(painter.font())
            text = metrics.elidedText(self._footer, Qt.TextElideMode.ElideRight, footer.width())
            painter.drawText(
                footer, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, text
            )

    def _paint_stack_behind(self, painter: QPainter, card: QRectF, fill: QColor) -> None:
        """Two cards peeking out behind: the stack reads as more than one note."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(fill.darker(150), 1.2))
        for offset in (8.0, 4.0):
            painter.setBrush(QBrush(fill.darker(100 + int(offset * 3))))
            painter.drawRoundedRect(card.translated(offset, offset), 6, 6)

    def _paint_stack_badge(self, painter: QPainter) -> None:
        """The count, on the card's top right corner: "×3"."""
        painter.setPen(QPen(QColor("white"), 2))
        painter.setBrush(STACK_BADGE_COLOR)
        painter.drawRoundedRect(STACK_BADGE, 15, 15)
        painter.setFont(_text_font(20, bold=True))
        painter.drawText(STACK_BADGE, Qt.AlignmentFlag.AlignCenter, f"×{self.stack_size}")

    def _paint_action_tab(self, painter: QPainter) -> None:
        painter.setFont(_text_font(15, bold=True))
        metrics = QFontMetricsF(painter.font())
        room = NOTE_WIDTH - 16 - (STACK_BADGE.width() + 8 if self.stack_size > 1 else 0)
        text = metrics.elidedText(f"⚑ {self.action_label}", Qt.TextElideMode.ElideRight, room)
        tab = QRectF(
            0, -ACTION_TAB_HEIGHT - 2, metrics.horizontalAdvance(text) + 16, ACTION_TAB_HEIGHT
        )
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(ACTION_TAB_COLOR)
        painter.drawRoundedRect(tab, 5, 5)
        painter.setPen(QColor("white"))
        painter.drawText(tab, Qt.AlignmentFlag.AlignCenter, text)


class BoardOverview(QGraphicsItem):
    """Zoomed far out, draws every card as a plain rectangle in a few batched calls.

    Thousands of Python paint() calls are what a whole-board repaint would otherwise
    spend its time in; here the cards are grouped by colour and drawn with one
    ``drawRects`` per colour. Closer in, it draws nothing and each note paints itself.
    """

    EXTENT = 1e7

    def __init__(self, note_items: dict[str, NoteItem]) -> None:
        super().__init__()
        self._note_items = note_items
        self._cache: tuple[dict[int, list[QRectF]], list[QRectF]] | None = None
        self.keyboard_item: NoteItem | None = None
        """The note the keyboard is on, ringed far out too."""
        self.setZValue(-5)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def boundingRect(self) -> QRectF:
        """Everywhere: notes move, and the overview follows them at paint time."""
        return QRectF(-self.EXTENT, -self.EXTENT, 2 * self.EXTENT, 2 * self.EXTENT)

    def invalidate(self) -> None:
        """Notes, their faces, the selection or the find changed: gather the cards again."""
        self._cache = None
        self.update()

    def _gather(self) -> tuple[dict[int, list[QRectF]], list[QRectF]]:
        """Unselected cards by colour, and the outlines of those the find highlights.

        Asking thousands of items for their place is what a repaint spent its time in,
        so this runs once per change; selected cards (the ones a drag moves) are drawn
        live on top.
        """
        groups: dict[int, list[QRectF]] = {}
        highlighted: list[QRectF] = []
        for item in self._note_items.values():
            if item.isSelected():
                continue
            card = self._card(item)
            groups.setdefault(self._color(item).rgba(), []).append(card)
            if item.highlighted:
                highlighted.append(card)
        return groups, highlighted

    @staticmethod
    def _card(item: NoteItem) -> QRectF:
        position = item.pos()
        return QRectF(position.x(), position.y(), NOTE_WIDTH, NOTE_HEIGHT)

    @staticmethod
    def _color(item: NoteItem) -> QColor:
        color = QColor("#5B6B7A") if item.note.hidden else QColor(item.note.color)
        if item.dimmed:
            color.setAlpha(56)
        return color

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        """Plain cards, selected ones outlined, when zoomed out past the detail level."""
        if option.levelOfDetailFromTransform(painter.worldTransform()) >= PLAIN_CARD_BELOW:
            return
        if self._cache is None:
            self._cache = self._gather()
        groups, outlined = self._cache
        painter.setPen(Qt.PenStyle.NoPen)
        for rgba, cards in groups.items():
            painter.setBrush(QColor.fromRgba(rgba))
            painter.drawRects(cards)
        scene = self.scene()
        chosen = scene.selectedItems() if scene is not None else []
        selected = [item for item in chosen if isinstance(item, NoteItem)]
        for item in selected:
            painter.setBrush(self._color(item))
            painter.drawRect(self._card(item))
        focused = [self._card(self.keyboard_item)] if self.keyboard_item is not None else []
        if focused:
            ring = QPen(KEYBOARD_COLOR, 4)
            ring.setCosmetic(True)
            painter.setPen(ring)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRects([card.adjusted(-30, -30, 30, 30) for card in focused])
        marked = outlined + [self._card(item) for item in selected]
        if marked:
            outline = QPen(SELECTION_COLOR, 3)
            outline.setCosmetic(True)
            painter.setPen(outline)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRects(marked)
