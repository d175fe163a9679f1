"""Pure operations on whole sessions: fresh ids for an import, templates, building new ones."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import replace

from app.core import limits
from app.core.palette import department_colors
from app.core.techniques.catalogue import settings_refusal
from app.core.techniques.one_two_four_all import OneTwoFourAllSettings, set_up
from app.core.types import (
    NewSessionSpec,
    Participant,
    Phase,
    Role,
    Session,
    SessionStatus,
    SessionSummary,
    Technique,
    TechniqueSettings,
    new_id,
    utc_now,
)


def with_fresh_ids(
    session: Session, taken: Collection[str], make_id: Callable[[], str] = new_id
) -> Session:
    """Return ``session`` with a new id for every id in ``taken``, references included.

    Importing the same file twice must give two sessions, never a merge: ids already
    in the database are replaced, consistently everywhere they are referred to.
    """
    mapping = {old: make_id() for old in session.all_ids() if old in taken}
    if not mapping:
        return session

    def remap(value: str | None) -> str | None:
        return None if value is None else mapping.get(value, value)

    def remap_required(value: str) -> str:
        return mapping.get(value, value)

    return replace(
        session,
        id=remap_required(session.id),
        participants=tuple(replace(p, id=remap_required(p.id)) for p in session.participants),
        phases=tuple(
            replace(
                p,
                id=remap_required(p.id),
                technique_settings=p.technique_settings.with_ids(mapping),
            )
            for p in session.phases
        ),
        clusters=tuple(replace(c, id=remap_required(c.id)) for c in session.clusters),
        notes=tuple(
            replace(
                n,
                id=remap_required(n.id),
                author_id=remap(n.author_id),
                cluster_id=remap(n.cluster_id),
                phase_id=remap(n.phase_id),
                merged_into=remap(n.merged_into),
                builds_on=remap(n.builds_on),
            )
            for n in session.notes
        ),
        vote_rounds=tuple(
            replace(
                v,
                id=remap_required(v.id),
                dots=tuple(
                    replace(
                        d, voter_id=remap_required(d.voter_id), item_id=remap_required(d.item_id)
                    )
                    for d in v.dots
                ),
                voter_ids=tuple(remap_required(i) for i in v.voter_ids),
                item_ids=tuple(remap_required(i) for i in v.item_ids),
                finished_voter_ids=tuple(remap_required(i) for i in v.finished_voter_ids),
                phone_voter_ids=tuple(remap_required(i) for i in v.phone_voter_ids),
                runoff_of=remap(v.runoff_of),
                # A criterion's id stays: it is its round's own, never another object's.
                ratings=tuple(
                    replace(
                        r, voter_id=remap_required(r.voter_id), item_id=remap_required(r.item_id)
                    )
                    for r in v.ratings
                ),
                ranks=tuple(
                    replace(
                        r, voter_id=remap_required(r.voter_id), item_id=remap_required(r.item_id)
                    )
                    for r in v.ranks
                ),
            )
            for v in session.vote_rounds
        ),
        idea_statuses=tuple((remap_required(n), status) for n, status in session.idea_statuses),
        carried_from=tuple((remap_required(n), origin) for n, origin in session.carried_from),
        current_phase_id=remap(session.current_phase_id),
        action_items=tuple(
            replace(
                a,
                id=remap_required(a.id),
                owner_id=remap(a.owner_id),
                source_note_id=remap(a.source_note_id),
            )
            for a in session.action_items
        ),
    )


def as_template(session: Session, title: str | None = None) -> Session:
    """A new planned session with the same goal, question, people and agenda.

    Notes, clusters, votes and actions stay behind; every id is new.
    """
    fresh = with_fresh_ids(
        replace(session, notes=(), clusters=(), vote_rounds=(), action_items=()),
        taken=session.all_ids(),
    )
    return replace(
        fresh,
        title=title or copy_title(session.title),
        status=SessionStatus.PLANNED,
        created_at=utc_now(),
        started_at=None,
        ended_at=None,
        phases=tuple(
            Phase(
                id=p.id,
                kind=p.kind,
                title=p.title,
                planned_seconds=p.planned_seconds,
                technique=p.technique,
                technique_settings=p.technique_settings,
            )
            for p in fresh.phases
        ),
    )


def board_copy(session: Session, title: str | None = None) -> Session:
    """A new session holding what ``session``'s board shows: every id is new.

    Its people, agenda, notes, clusters and votes, as they are. Not its actions nor
    where its ideas stand: those are shared with the program (the backlog, the goals)
    and stay with the session they belong to, not counted twice.
    """
    copy = with_fresh_ids(
        replace(session, action_items=(), idea_statuses=(), carried_from=()),
        taken=session.all_ids(),
    )
    return replace(copy, title=title or copy_title(session.title), created_at=utc_now())


def copy_title(title: str) -> str:
    """The title of a copy: ``"X (copy)"``, kept within the title limit."""
    suffix = " (copy)"
    return title[: limits.MAX_TITLE - len(suffix)] + suffix


def validate_new_session(spec: NewSessionSpec) -> None:
    """Raise :class:`~app.core.limits.TextError` naming the first field that is wrong."""
    limits.check_text("The title", spec.title.strip(), max_length=limits.MAX_TITLE, min_length=1)
    limits.check_text("The goal", spec.goal, max_length=limits.MAX_GOAL)
    limits.check_text("The question", spec.question, max_length=limits.MAX_QUESTION)
    limits.check_text("The facilitator's name", spec.facilitator, max_length=limits.MAX_NAME)
    if len(spec.participants) > limits.MAX_PARTICIPANTS:
        raise limits.TextError(
            f"There are {len(spec.participants)} participants; the limit is "
            f"{limits.MAX_PARTICIPANTS}"
        )
    for number, (name, department) in enumerate(spec.participants, start=1):
        limits.check_text(
            f"Participant {number}'s name", name, max_length=limits.MAX_NAME, min_length=1
        )
        limits.check_text(
            f"Participant {number}'s department", department, max_length=limits.MAX_DEPARTMENT
        )
    if len(spec.phases) > limits.MAX_PHASES:
        raise limits.TextError(
            f"The agenda has {len(spec.phases)} phases; the limit is {limits.MAX_PHASES}"
        )
    for number, (_kind, title, seconds) in enumerate(spec.phases, start=1):
        limits.check_text(f"Phase {number}'s title", title, max_length=limits.MAX_TITLE)
        if not 1 <= seconds <= limits.MAX_PHASE_SECONDS:
            raise limits.TextError(f"Phase {number} must last between 1 second and 24 hours")
    if spec.techniques and len(spec.techniques) != len(spec.phases):
        raise limits.TextError(
            f"The agenda has {len(spec.phases)} phases but {len(spec.techniques)} techniques"
        )
    for number, (technique, settings) in enumerate(spec.techniques, start=1):
        refusal = settings_refusal(technique.value, settings.as_mapping())
        if refusal:
            raise limits.TextError(f"Phase {number}: {refusal.rstrip('.')}")


def build_session(spec: NewSessionSpec) -> Session:
    """Turn a validated :class:`NewSessionSpec` into a new planned session."""
    validate_new_session(spec)
    facilitator = spec.facilitator.strip()
    participants = tuple(
        Participant(
            id=new_id(),
            name=name.strip(),
            department=department.strip(),
            role=Role.FACILITATOR
            if facilitator and name.strip().casefold() == facilitator.casefold()
            else Role.PARTICIPANT,
        )
        for name, department in spec.participants
    )
    techniques = spec.techniques or tuple(
        (Technique.NONE, TechniqueSettings()) for _ in spec.phases
    )
    return Session(
        id=new_id(),
        title=spec.title.strip(),
        goal=spec.goal.strip(),
        question=spec.question.strip(),
        facilitator=facilitator,
        status=SessionStatus.PLANNED,
        created_at=utc_now(),
        participants=participants,
        phases=tuple(
            Phase(
                id=new_id(),
                kind=kind,
                title=title.strip(),
                planned_seconds=seconds,
                technique=technique,
                technique_settings=set_up_technique(technique, settings, participants),
            )
            for (kind, title, seconds), (technique, settings) in zip(
                spec.phases, techniques, strict=True
            )
        ),
    )


def set_up_technique(
    technique: Technique, settings: TechniqueSettings, people: Sequence[Participant]
) -> TechniqueSettings:
    """A new phase's settings, set up for the session's people in the one step.

    1-2-4-All's pairs and fours are made from the people who take part (the
    facilitator too when nobody else is listed as a participant), departments mixed
    as its settings say; every other technique starts from its template's settings.
    """
    if technique is not Technique.ONE_TWO_FOUR_ALL:
        return settings
    taking_part = [person for person in people if person.role is Role.PARTICIPANT]
    grouped = set_up(
        OneTwoFourAllSettings.from_settings(settings.as_mapping()), taking_part or people
    )
    return TechniqueSettings.of(grouped.to_settings())


def parse_people(text: str) -> list[tuple[str, str]]:
    """Read pasted people, one ``Name, Department`` per line (tab also separates).

    Blank lines are skipped; a line without a separator is a name with no department.
    """
    people: list[tuple[str, str]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        separator = "\t" if "\t" in line else ","
        name, _, department = line.partition(separator)
        people.append((name.strip(), department.strip()))
    return people


def department_color_map(session: Session) -> dict[str, str]:
    """The note colour for each department of the session, in order of first appearance."""
    departments = list(dict.fromkeys(p.department for p in session.participants))
    return dict(zip(departments, department_colors(len(departments)), strict=True))


def summarize(session: Session) -> SessionSummary:
    """The library's line for a session: its status and how much it holds."""
    return SessionSummary(
        id=session.id,
        title=session.title,
        goal=session.goal,
        status=session.status,
        created_at=session.created_at,
        participants=len(session.participants),
        notes=len(session.notes),
        vote_rounds=len(session.vote_rounds),
        action_items=len(session.action_items),
        goal_id=None if session.goal_record is None else session.goal_record.id,
    )
