"""Techniques on a phone-sized headless Chromium against a real window.

6-3-5: the sheet held and the rotation; SCAMPER: the prompt the room reads and the idea
a phone's idea builds on.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.core.techniques.brainwriting import NO_SHEET_LATE
from app.storage.repository import SessionRepository
from app.ui.settings import AppSettings
from tests.fakes import FakeClock
from tests.ui.brainwriting_sessions import ROUND, brainwriting_session
from tests.ui.phones.phone_client import Phone
from tests.ui.phones.test_page_in_browser import (
    browser as browser,  # the module's one headless Chromium
)
from tests.ui.phones.test_page_in_browser import (
    in_browser,
    press,
    wait_for,
    wait_for_text,
)
from tests.ui.technique_sessions import scamper_session
from tests.ui.windows import open_session

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402

pytestmark = pytest.mark.slow
SHOTS = os.environ.get("DOTSTORM_SHOTS")
"""A folder to save the phone's screenshot in (for looking at it); unset in ordinary runs."""


def test_a_phone_shows_the_sheet_it_holds_and_it_rotates(
    qtbot: QtBot, browser: WebDriver, repository: SessionRepository, settings: AppSettings
):
    session = brainwriting_session(on_paper=False)
    repository.add_session(session)
    clock = FakeClock()
    window = open_session(qtbot, repository, settings, session.id, clock=clock)
    window.phones.start("127.0.0.1")
    address = window.phones.join_address
    assert address is not None
    names = {p.name: p.id for p in window.document.people.values()}
    others = {}
    for name in ("Bo", "Cy"):
        phone = Phone(qtbot, address)
        assert phone.join().status == 200
        assert phone.pick(names[name]).status == 200
        others[name] = phone

    def join() -> None:
        browser.get(address)
        press(browser, "button", "I am Ana")
        wait_for_text(browser, "me-name", "You are Ana.")

    in_browser(qtbot, join)
    window.timer.toggle()  # the rounds start: Ana, Bo and Cy hold a sheet each
    assert others["Bo"].idea("Bo keeps this to his sheet").status == 200
    assert others["Cy"].idea("A buddy for the first week").status == 200

    def write_first() -> None:
        wait_for_text(browser, "sheet-heading", "You hold Sheet 1")
        wait_for_text(browser, "sheet-round", "Round 1 of 3")
        wait_for(browser, "textbox", "Your idea").send_keys("Shorter forms")
        press(browser, "button", "Send idea")
        wait_for_text(browser, "sheet-ideas", "Shorter forms")

    in_browser(qtbot, write_first)
    clock.advance(ROUND + 1)
    window.timer.check()

    def write_on_cys_sheet() -> None:
        wait_for_text(browser, "sheet-heading", "You hold Sheet 3")
        wait_for_text(browser, "sheet-ideas", "A buddy for the first week")
        page = browser.find_element(By.TAG_NAME, "body").text
        assert "Shorter forms" not in page and "Bo keeps this" not in page
        field = wait_for(browser, "textbox", "Your idea")
        field.send_keys("The buddy plans day one")
        button = wait_for(browser, "button", "Send idea")
        assert button.size["height"] >= 48
        press(browser, "button", "Send idea")
        wait_for_text(browser, "sheet-ideas", "The buddy plans day one")
        if SHOTS:
            browser.save_screenshot(str(Path(SHOTS) / "phone-360x740.png"))

    in_browser(qtbot, write_on_cys_sheet)
    notes = {n.text: n for n in repository.load_session(session.id).notes}
    assert notes["The buddy plans day one"].builds_on == notes["A buddy for the first week"].id
    assert notes["The buddy plans day one"].author_id == names["Ana"]


def test_a_phone_that_joins_after_the_rounds_began_says_why_in_one_line(
    qtbot: QtBot, browser: WebDriver, repository: SessionRepository, settings: AppSettings
):
    session = brainwriting_session(on_paper=False)
    repository.add_session(session)
    window = open_session(qtbot, repository, settings, session.id, clock=FakeClock())
    window.phones.start("127.0.0.1")
    address = window.phones.join_address
    assert address is not None
    names = {p.name: p.id for p in window.document.people.values()}
    for name in ("Bo", "Cy"):
        phone = Phone(qtbot, address)
        assert phone.join().status == 200
        assert phone.pick(names[name]).status == 200
    window.timer.toggle()  # Bo and Cy hold the sheets; Ana joins after

    def join_late() -> None:
        browser.get(address)
        press(browser, "button", "I am Ana")
        wait_for_text(browser, "sheet-round", NO_SHEET_LATE)
        assert not browser.find_element(By.ID, "ideas").is_displayed()
        page = browser.find_element(By.TAG_NAME, "body").text
        assert page.count("The sheets were handed out") == 1
        if SHOTS:
            browser.save_screenshot(str(Path(SHOTS) / "phone-late.png"))

    in_browser(qtbot, join_late)


def test_a_phone_in_scamper_reads_the_prompt_and_what_its_idea_builds_on(
    qtbot: QtBot, browser: WebDriver, repository: SessionRepository, settings: AppSettings
):
    session = scamper_session()
    repository.add_session(session)
    window = open_session(qtbot, repository, settings, session.id)
    window.scene.select_notes(["note-0"])
    window.room_view.toggle_spotlight()  # the idea the prompts twist
    window.phones.start("127.0.0.1")
    address = window.phones.join_address
    assert address is not None

    def join_and_answer() -> None:
        browser.get(address)
        press(browser, "button", "I am Ben Okafor")
        wait_for_text(browser, "line", "S · Substitute (1 of 7)")
        wait_for_text(browser, "builds-on", "It builds on “Welcome call on day one”")
        wait_for(browser, "textbox", "Your idea").send_keys("A video call instead")
        press(browser, "button", "Send idea")
        wait_for_text(browser, "ideas-sent", "1 idea sent")
        if SHOTS:
            browser.save_screenshot(str(Path(SHOTS) / "phone-scamper.png"))

    in_browser(qtbot, join_and_answer)
    sent = next(
        n for n in repository.load_session(session.id).notes if n.text == "A video call instead"
    )
    assert sent.builds_on == "note-0" and sent.prompt.startswith("S")
