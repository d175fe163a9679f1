"""The ``dotstorm`` commands on what the sessions lead to, and on one session's ideas.

``actions`` and ``goals`` read across every session (``goals report`` writes a PDF of
one goal); ``similar`` lists the notes of one session that may say the same idea.
Each runs with the parsed options and the ``--db`` value.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from typing import TYPE_CHECKING

from app.cli_common import CommandError, NoDatabaseYet, open_repository, refuse_left_out
from app.core.format_helpers import counted, printable

if TYPE_CHECKING:
    from app.core.backlog import ActionEntry
    from app.core.goals import GoalOverview
    from app.core.pair_search import SearchBounds
    from app.core.similar_pairs import SimilarCandidate
    from app.core.types import Session


def run_actions(options: argparse.Namespace, db_value: str | None) -> None:
    """``dotstorm actions``: the action items of every session, filtered as asked."""
    from app.core.types import ActionStatus

    status = ActionStatus(options.status) if options.status else None
    try:
        database, repository = open_repository(db_value)
    except NoDatabaseYet:
        print("[]" if options.json else "No actions yet.")
        return
    try:
        entries, left_out = repository.backlog.actions_across_sessions(
            status=status, owner=options.owner
        )
    finally:
        database.close()
    _print_actions(entries, options.json, filtered=bool(status or options.owner))
    refuse_left_out(left_out)


def _print_actions(entries: list[ActionEntry], as_json: bool, *, filtered: bool) -> None:
    from datetime import date

    from app.core.backlog import ACTION_STATUS_LABELS

    if as_json:
        print(json.dumps([e.as_json() for e in entries], ensure_ascii=False, indent=2))
        return
    if not entries:
        print("No actions match." if filtered else "No actions yet.")
        return
    today = date.today()
    for e in entries:
        due = e.due_date.isoformat() if e.due_date else "no date"
        late = "  OVERDUE" if e.overdue(today) else ""
        owner = e.owner or "nobody yet"
        print(
            f"{e.id[:8]}  {ACTION_STATUS_LABELS[e.status]:<7}  {due:<10}  {printable(e.title)}  "
            f"({printable(owner)}; {printable(e.session_title)}){late}"
        )


def run_goals(options: argparse.Namespace, db_value: str | None) -> None:
    """``dotstorm goals``: every goal and what its sessions did (or ``goals report``)."""
    from datetime import date

    if options.goals_command == "report":
        run_goal_report(options, db_value)
        return
    try:
        database, repository = open_repository(db_value)
    except NoDatabaseYet:
        print("[]" if options.json else "No goals yet.")
        return
    try:
        overviews = repository.goals.goal_overviews(date.today())
    finally:
        database.close()
    if options.json:
        print(_goals_json(overviews))
        return
    if not overviews:
        print("No goals yet: a session's goal becomes one when you set the session up.")
        return
    from app.core.goals import metric_line

    for overview in overviews:
        archived = "  (archived)" if overview.goal.archived else ""
        print(f"{overview.goal.id[:8]}  {printable(overview.goal.title)}{archived}")
        print(f"          {overview.summary()}")
        metric = metric_line(overview.goal, overview.latest)
        if metric:
            print(f"          {printable(metric)}")


def _goals_json(overviews: list[GoalOverview]) -> str:
    """The goals as strict JSON: a number that is not finite is refused, never printed."""
    for overview in overviews:
        try:
            json.dumps(overview.as_json(), allow_nan=False)
        except ValueError:
            raise CommandError(
                f"the goal {overview.goal.id[:8]} ({printable(overview.goal.title)!r}) holds "
                "a number that is not finite, which JSON cannot carry"
            ) from None
    rows = [overview.as_json() for overview in overviews]
    return json.dumps(rows, ensure_ascii=False, indent=2, allow_nan=False)


def run_goal_report(options: argparse.Namespace, db_value: str | None) -> None:
    """``dotstorm goals report GOAL -o OUT.pdf``: the one-page report of one goal."""
    from datetime import date

    from app.export.atomic import ExportError, write_atomically
    from app.export.goal_report_pdf import build_goal_report_pdf

    database, repository = open_repository(db_value)
    try:
        goal = repository.goals.resolve_goal(options.goal)
        report = repository.goals.goal_report(goal.id, date.today())
    finally:
        database.close()
    data = build_goal_report_pdf(report, options.page_size)
    database_path = repository.database_path
    try:
        write_atomically(options.output, data, (database_path,) if database_path else ())
    except ExportError as error:
        raise CommandError(str(error)) from None
    print(f"Wrote the report of {printable(goal.title)!r} to {printable(options.output)}")


# ---------------------------------------------------------------------- similar


def min_score_argument(text: str) -> float:
    """The value of ``--min-score``: a number from 0 to 1, or a one-line usage error."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0.0 <= value <= 1.0:  # NaN and the infinities fail this too
        raise argparse.ArgumentTypeError(f"{text!r} is not a number from 0 to 1")
    return value if value else 0.0  # -0 reads as 0


def run_similar(
    options: argparse.Namespace, db_value: str | None, bounds: SearchBounds | None = None
) -> None:
    """``dotstorm similar SESSION``: pairs of a session's cards that may be one idea.

    The pairs are those the window offers to stack: best first, none already in one
    stack or said not to be the same, and never a face-down note. ``bounds`` is how
    much the search may do (the default's; a test gives a small one to see it stop).
    """
    from app.core.pair_search import DEFAULT_BOUNDS
    from app.core.similar_pairs import find_candidates, similarity_index
    from app.core.similarity import DEFAULT_MIN_SCORE

    min_score: float = DEFAULT_MIN_SCORE if options.min_score is None else options.min_score
    database, repository = open_repository(db_value)
    try:
        session = repository.load_session(repository.resolve(options.session))
        dismissed = repository.stacks.dismissed_pairs(session.id)
    finally:
        database.close()
    # Face-down cards never come back from find_candidates: their text stays secret.
    index = similarity_index(session.notes)
    found = find_candidates(session.notes, index, dismissed, min_score, bounds or DEFAULT_BOUNDS)
    pairs = found.pairs
    stopped = found.stopped_line()
    if stopped is not None:
        # On stderr, so that --json stays one JSON document on stdout.
        print(printable(stopped), file=sys.stderr)
    if options.json:
        rows = [
            {
                "a": pair.a,
                "b": pair.b,
                "score": round(pair.score, 3),
                "a_text": pair.a_text,
                "b_text": pair.b_text,
            }
            for pair in pairs
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    _print_similar(session, pairs, min_score)


def _print_similar(session: Session, pairs: list[SimilarCandidate], min_score: float) -> None:
    """Each pair as a block of two lines, its score first; then how many there are."""
    threshold = f"score ≥ {_score_text(min_score)}"
    if not pairs:
        print(f"No similar notes in “{printable(session.title)}” at {threshold}.")
        return
    notes = {note.id: note for note in session.notes}
    names = {} if session.anonymous_ideas else {p.id: p.name for p in session.participants}

    def said(note_id: str, text: str) -> str:
        author = names.get(notes[note_id].author_id or "", "")
        return f"“{printable(text)}”" + (f" — {printable(author)}" if author else "")

    for pair in pairs:
        print(f"{pair.score:>4.0%}  {said(pair.a, pair.a_text)}")
        print(f"      {said(pair.b, pair.b_text)}")
        print()
    print(f"{counted(len(pairs), 'pair')} of notes may be the same idea ({threshold}).")


def _score_text(score: float) -> str:
    """A threshold as given: two decimals (``0.70``), more only when it has more."""
    return f"{score:.2f}" if round(score, 2) == score else repr(score)
