"""The demo session is realistic and valid."""

from __future__ import annotations

from datetime import date

from app.core.demo import DEMO_SESSION_ID, build_demo_session
from app.core.session_format import dump_session, parse_session_file
from app.core.types import RoundStatus


def test_demo_is_a_cross_functional_finished_session():
    demo = build_demo_session(date(2026, 11, 23))
    assert demo.id == DEMO_SESSION_ID
    assert len(demo.participants) == 6
    assert len({p.department for p in demo.participants}) == 4
    assert 25 <= len(demo.notes) <= 35
    assert sum(1 for n in demo.notes if n.cluster_id) >= 25
    assert demo.vote_rounds[0].status is RoundStatus.CLOSED
    assert len(demo.action_items) >= 3
    assert parse_session_file(dump_session(demo)) == demo


def test_demo_ids_are_stable():
    assert build_demo_session().all_ids() == build_demo_session().all_ids()
