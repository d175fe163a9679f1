"""The session file format v1: read, validate and write one session as JSON.

Reading is all or nothing. :func:`parse_session_file` either returns a whole
:class:`~app.core.types.Session` or raises :class:`SessionFormatError`, whose message
names the first offence with a JSON pointer, e.g.
``/session/notes/17/author_id: no participant with this id``.

The parts: :mod:`.schema` checks a document against the packaged JSON Schema,
:mod:`.rules` checks what a schema cannot say (characters, real times, ids and
references, dot budgets), :mod:`.reading` turns a valid document into core types and
:mod:`.writing` turns them back.
"""

from app.core.session_format.errors import FORMAT_NAME, FORMAT_VERSION, Json, SessionFormatError
from app.core.session_format.reading import parse_session_file, session_from_document
from app.core.session_format.values import format_time, parse_time
from app.core.session_format.writing import dump_session, session_to_document

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "Json",
    "SessionFormatError",
    "dump_session",
    "format_time",
    "parse_session_file",
    "parse_time",
    "session_from_document",
    "session_to_document",
]
