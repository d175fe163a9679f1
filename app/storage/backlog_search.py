"""Search of the backlog through the databases' own full-text indexes (migration 0015).

SQLite: FTS5, one index of words (``unicode61``, accents removed) and one of trigrams
per table; a row matches when every searched word starts one of its words, or when
the whole text (three characters or more) stands anywhere in it. PostgreSQL: the
generated ``search_words`` vector (``to_tsquery`` with prefixes) or ``ILIKE`` through
``pg_trgm`` indexes, for two characters or more (two Chinese characters are a word).
Face-down notes are not in the indexes (SQLite) or have an empty vector (server), and
every query of the backlog leaves them out besides.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    ColumnElement,
    false,
    func,
    literal,
    literal_column,
    or_,
    select,
    table,
    union,
)

from app.core.backlog_view import MIN_SUBSTRING, SearchTerms, search_terms
from app.storage.models import ActionItemRow, NoteRow, SessionRow

SERVER_MIN_SUBSTRING = 2
"""``ILIKE`` finds any substring; below two characters it would scan every row."""
ACTION_TEXT = (
    "(action_items.title || ' ' || action_items.hypothesis || ' ' || action_items.success_metric)"
)
"""The expression migration 0015's trigram index of actions is built on, word for word."""


class SearchMatch:
    """The conditions a search box's text puts on notes, actions and sessions."""

    def __init__(self, dialect: str, text: str) -> None:
        self._sqlite = dialect == "sqlite"
        self._terms: SearchTerms = search_terms(text)

    def notes(self) -> ColumnElement[bool]:
        """Notes whose text matches."""
        if self._sqlite:
            return self._fts("notes_search", literal_column("notes.rowid"))
        return self._server(literal_column("notes.search_words"), NoteRow.text)

    def actions(self) -> ColumnElement[bool]:
        """Actions whose title, hypothesis or success metric matches."""
        if self._sqlite:
            return self._fts("actions_search", literal_column("action_items.rowid"))
        return self._server(
            literal_column("action_items.search_words"), literal_column(ACTION_TEXT)
        )

    def sessions(self) -> ColumnElement[bool]:
        """Rows whose session's title matches."""
        if self._sqlite:
            return self._fts("sessions_search", literal_column("sessions.rowid"))
        return self._server(literal_column("sessions.search_words"), SessionRow.title)

    def ideas(self) -> ColumnElement[bool]:
        """Notes whose text or session's title matches."""
        if self._sqlite:
            return self._in_one_list("notes", "notes_search")
        return or_(self.notes(), NoteRow.session_id.in_(self._titled_sessions()))

    def action_rows(self) -> ColumnElement[bool]:
        """Actions whose words or session's title match."""
        if self._sqlite:
            return self._in_one_list("action_items", "actions_search")
        return or_(self.actions(), ActionItemRow.session_id.in_(self._titled_sessions()))

    def _titled_sessions(self) -> Any:
        """The ids of the sessions whose title matches (a server's query)."""
        return select(SessionRow.id).where(self.sessions())

    # ------------------------------------------------------------------ SQLite

    def _in_one_list(self, table_name: str, index: str) -> ColumnElement[bool]:
        """One ``rowid IN`` of every matching row: SQLite then reads those rows only.

        (An ``OR`` of the same conditions makes it test every row of the table.)
        """
        rowid: ColumnElement[Any] = literal_column(f"{table_name}.rowid")
        sources = [*self._fts_sources(index)]
        titled = self._fts_sources("sessions_search")
        if titled:
            in_titled = select(SessionRow.id).where(
                literal_column("sessions.rowid").in_(union(*titled))
            )
            owner = table(table_name, literal_column("session_id"))
            sources.append(
                select(literal_column("rowid"))
                .select_from(owner)
                .where(literal_column("session_id").in_(in_titled))
            )
        if not sources:
            return false()
        return rowid.in_(union(*sources))

    def _fts_sources(self, index: str) -> list[Any]:
        found: list[Any] = []
        if self._terms.words:
            words = " ".join(f'"{word}"*' for word in self._terms.words)
            found.append(_fts_rowids(index, words))
        substring = self._terms.substring(MIN_SUBSTRING)
        if substring:
            phrase = '"' + substring.replace('"', '""') + '"'
            found.append(_fts_rowids(f"{index}_trigrams", phrase))
        return found

    def _fts(self, index: str, rowid: Any) -> ColumnElement[bool]:
        found: list[ColumnElement[bool]] = []
        if self._terms.words:
            words = " ".join(f'"{word}"*' for word in self._terms.words)
            found.append(rowid.in_(_fts_rowids(index, words)))
        substring = self._terms.substring(MIN_SUBSTRING)
        if substring:
            phrase = '"' + substring.replace('"', '""') + '"'
            found.append(rowid.in_(_fts_rowids(f"{index}_trigrams", phrase)))
        return or_(*found) if found else false()

    # ------------------------------------------------------------------ PostgreSQL

    def _server(self, vector: Any, text: Any) -> ColumnElement[bool]:
        found: list[ColumnElement[bool]] = []
        if self._terms.words:
            query = " & ".join(f"{word}:*" for word in self._terms.words)
            found.append(
                vector.op("@@")(
                    func.to_tsquery(literal_column("'dotstorm_search'"), literal(query))
                )
            )
        substring = self._terms.substring(SERVER_MIN_SUBSTRING)
        if substring:
            escaped = substring.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            found.append(text.ilike(f"%{escaped}%", escape="\\"))
        return or_(*found) if found else false()


def _fts_rowids(index: str, query: str) -> Any:
    return (
        select(literal_column(f"{index}.rowid"))
        .select_from(table(index))
        .where(literal_column(index).op("MATCH")(query))
    )
