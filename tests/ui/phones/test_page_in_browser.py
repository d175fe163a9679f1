"""The phones' page in a real headless Chromium on a phone-sized screen, against a real window.

Debian's chromium and chromium-driver (installed by scripts/setup.sh --tests), driven
by Selenium. The page is found by what a screen reader announces: each control by its
accessible name and role. The browser works on a thread of its own while the test
waits with the Qt event loop turning: every request the page makes is answered on
the window's thread, through the same bridge a phone in the room uses.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.rating import fresh_criteria
from app.core.session_ops import build_session
from app.core.types import (
    Criterion,
    NewSessionSpec,
    PhaseKind,
    RoundKind,
    RoundStatus,
    Via,
    VoteRound,
    VoteTarget,
    new_id,
)
from app.core.voting import SELF_VOTE_REFUSAL
from app.storage.repository import SessionRepository
from app.ui.session_window import SessionWindow
from app.ui.settings import AppSettings
from app.ui.voting.commands import CloseRoundCommand, OpenRoundCommand
from tests.ui.board_helpers import type_idea
from tests.ui.windows import open_session

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.common.exceptions import StaleElementReferenceException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.remote.webelement import WebElement  # noqa: E402
from selenium.webdriver.support.select import Select  # noqa: E402
from selenium.webdriver.support.wait import WebDriverWait  # noqa: E402

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
DRIVER = Path("/usr/bin/chromedriver")
PHONE_WIDTH, PHONE_HEIGHT = 360, 740
WAIT_SECONDS = 30
T = TypeVar("T")
_BROWSER_THREAD = ThreadPoolExecutor(max_workers=1, thread_name_prefix="test-browser")


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    """One headless Chromium, phone-sized (360 × 740 CSS pixels, touch, a phone's density)."""
    if not (CHROMIUM.exists() and DRIVER.exists()):
        pytest.fail("chromium and chromium-driver are missing: run bash scripts/setup.sh --tests")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.add_experimental_option(
        "mobileEmulation",
        {"deviceMetrics": {"width": PHONE_WIDTH, "height": PHONE_HEIGHT, "pixelRatio": 2.0}},
    )
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
    yield driver
    driver.quit()


def in_browser(qtbot: QtBot, work: Callable[[], T]) -> T:
    """Run ``work`` on the browser's thread; the window's event loop turns meanwhile."""
    future = _BROWSER_THREAD.submit(work)
    qtbot.waitUntil(future.done, timeout=(WAIT_SECONDS + 10) * 1000)
    return future.result()


def by_name(driver: WebDriver, role: str, name: str) -> WebElement | None:
    """The element a screen reader announces as ``name`` with ``role``, if on screen."""
    for element in driver.find_elements(By.CSS_SELECTOR, "button, textarea, [role]"):
        try:
            shown = element.is_displayed() and element.aria_role == role
            if shown and element.accessible_name == name:
                return element
        except StaleElementReferenceException:
            continue
    return None


def wait_for(driver: WebDriver, role: str, name: str) -> WebElement:
    """Wait until the control ``name`` is on screen, and return it."""
    found: list[WebElement] = []

    def there(_: WebDriver) -> bool:
        element = by_name(driver, role, name)
        if element is not None:
            found.append(element)
        return element is not None

    WebDriverWait(driver, WAIT_SECONDS).until(there, f"no {role} named {name!r}")
    return found[-1]


def wait_for_text(driver: WebDriver, element_id: str, text: str) -> None:
    WebDriverWait(driver, WAIT_SECONDS).until(
        lambda d: text in d.find_element(By.ID, element_id).text,
        f"#{element_id} never said {text!r}",
    )


def press(driver: WebDriver, role: str, name: str) -> None:
    """Press the control named ``name`` once it is on screen and enabled."""
    WebDriverWait(driver, WAIT_SECONDS).until(
        lambda d: (element := by_name(d, role, name)) is not None and element.is_enabled(),
        f"no enabled {role} named {name!r}",
    )
    for _ in range(5):  # the list is drawn again after every poll
        element = by_name(driver, role, name)
        try:
            if element is not None:
                element.click()
                return
        except StaleElementReferenceException:
            continue
    raise AssertionError(f"could not press {name!r}")


def read_qr(qtbot: QtBot, window: SessionWindow, tmp_path: Path) -> str:
    """What the phones panel's QR code says, read back by zbarimg as a camera would."""
    if shutil.which("zbarimg") is None:
        pytest.fail("zbarimg is missing: run bash scripts/setup.sh --tests")
    code = window.phones.dock.panel.qr
    qtbot.waitUntil(code.isVisible)
    shot = tmp_path / "qr.png"
    assert code.grab().scaled(code.width() * 2, code.height() * 2).save(str(shot))
    read = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(shot)], capture_output=True, text=True, check=True
    )
    return read.stdout.strip()


@pytest.fixture
def window(qtbot: QtBot, repository: SessionRepository, settings: AppSettings) -> SessionWindow:
    session = build_session(
        NewSessionSpec(
            title="Faster onboarding",
            question="How might we halve onboarding time?",
            participants=(("Ann", "Sales"), ("Bo", "Sales"), ("Cy", "Support")),
            phases=((PhaseKind.IDEATE, "Ideas", 600), (PhaseKind.VOTE, "Vote", 300)),
        )
    )
    repository.add_session(session)
    opened = open_session(qtbot, repository, settings, session.id)
    opened.phones.start("127.0.0.1")
    opened.phones.dock.show_docked()
    return opened


def test_a_phone_joins_by_the_code_sends_an_idea_and_votes(
    qtbot: QtBot,
    browser: WebDriver,
    window: SessionWindow,
    repository: SessionRepository,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
):
    caplog.set_level(logging.INFO, logger="dotstorm.web")
    address = read_qr(qtbot, window, tmp_path)
    assert address == window.phones.join_address

    def join() -> None:
        browser.get(address)
        wait_for_text(browser, "status", "Joined: pick your name")
        # The token has left the address bar; no request ever carried it.
        assert "#" not in browser.current_url and "t=" not in browser.current_url
        assert browser.execute_script("return document.documentElement.scrollWidth") <= 360
        press(browser, "button", "I am Bo")
        wait_for_text(browser, "me-name", "You are Bo.")
        # "Not you?" keeps the names on screen through the polls until one is picked.
        press(browser, "button", "Not you?")
        wait_for(browser, "button", "I am Ann")
        time.sleep(2.5)  # longer than one poll: the page has heard from the laptop again
        assert by_name(browser, "button", "I am Ann") is not None
        press(browser, "button", "I am Bo")
        wait_for_text(browser, "me-name", "You are Bo.")

    in_browser(qtbot, join)
    assert window.phones.dock.panel.count.text() == "1 phone joined"

    def send_idea() -> None:
        field = wait_for(browser, "textbox", "Your idea")
        field.send_keys("<b>Shorter</b> forms")
        press(browser, "button", "Send idea")
        wait_for_text(browser, "status", "Idea sent")
        wait_for_text(browser, "ideas-sent", "1 idea sent from this phone.")

    in_browser(qtbot, send_idea)
    (note,) = repository.load_session(window.document.session_id).notes
    assert (note.text, note.via) == ("<b>Shorter</b> forms", Via.PHONE)
    assert note.id in window.scene.note_items

    for idea in ("Welcome call", "Video tour"):
        type_idea(qtbot, window, idea)
    qtbot.keyClick(
        window.capture_bar.idea_edit, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier
    )
    vote_round = VoteRound(
        new_id(), "Best ideas", VoteTarget.NOTES, 2, 1, False, False, RoundStatus.OPEN
    )
    window.document.steps.push(OpenRoundCommand(window.document, vote_round))

    def vote() -> None:
        press(browser, "button", "Give a dot to: Welcome call")
        wait_for_text(browser, "dots-left", "1 dot left")
        WebDriverWait(browser, WAIT_SECONDS).until(  # one dot per item
            lambda d: (
                not d.execute_script(
                    "return [...document.querySelectorAll('button')].some(b =>"
                    " b.getAttribute('aria-label') === arguments[0] && !b.disabled)",
                    "Give a dot to: Welcome call",
                )
            ),
            "a second dot on one item was offered",
        )
        press(browser, "button", "Take a dot back from: Welcome call")
        wait_for_text(browser, "dots-left", "2 dots left")
        press(browser, "button", "Give a dot to: Video tour")
        press(browser, "button", "Give a dot to: <b>Shorter</b> forms")
        wait_for_text(browser, "dots-left", "0 dots left")
        # Every button on screen, in one look (the page may redraw between two calls).
        buttons = browser.execute_script(
            "return [...document.querySelectorAll('button')]"
            ".filter(b => b.offsetParent !== null)"
            ".map(b => [b.getAttribute('aria-label') || b.textContent.trim(),"
            " b.getBoundingClientRect().height])"
        )
        assert buttons
        for name, height in buttons:
            assert name and height >= 44, (name, height)  # named, and a fingertip's size
        press(browser, "button", "Done: my ballot is in")
        wait_for_text(browser, "ballot-info", "Your ballot is in. Thank you!")

    in_browser(qtbot, vote)
    stored = repository.load_session(window.document.session_id).vote_rounds[-1]
    bo = next(p.id for p in window.document.people.values() if p.name == "Bo")
    assert stored.phone_voter_ids == (bo,)
    assert sorted(d.count for d in stored.dots if d.voter_id == bo) == [1, 1]

    window.document.steps.push(
        CloseRoundCommand(window.document, window.document.voting.vote_round(vote_round.id))
    )

    def round_closed() -> None:
        WebDriverWait(browser, WAIT_SECONDS).until(
            lambda d: not d.find_element(By.ID, "ballot").is_displayed(),
            "the ballot stayed on the phone after the round closed",
        )

    in_browser(qtbot, round_closed)
    # The page asked for nothing it was refused (no favicon 404, no 403 on a poll).
    assert [r.getMessage() for r in caplog.records if r.name == "dotstorm.web"] == []


# ---------------------------------------------------------------------- rating and rank


CRITERIA = fresh_criteria(
    (
        Criterion("", "Impact", 1, 5),
        Criterion("", "Effort", 1, 5, higher_is_better=False),
        Criterion("", "Confidence", 0, 10),  # eleven steps: a list, not buttons
    )
)


def join_as_bo_with_an_idea(qtbot: QtBot, browser: WebDriver, window: SessionWindow) -> None:
    """Bo joins on the phone and sends one idea (his own); the laptop types two more."""
    address = window.phones.join_address
    assert address is not None

    def join() -> None:
        browser.get(address)
        press(browser, "button", "I am Bo")
        wait_for_text(browser, "me-name", "You are Bo.")
        wait_for(browser, "textbox", "Your idea").send_keys("Shorter forms")
        press(browser, "button", "Send idea")
        wait_for_text(browser, "ideas-sent", "1 idea sent from this phone.")

    in_browser(qtbot, join)
    for idea in ("Welcome call", "Video tour"):
        type_idea(qtbot, window, idea)


def ids_by_text(window: SessionWindow) -> dict[str, str]:
    return {note.text: note.id for note in window.document.board.notes.values()}


def control(driver: WebDriver, name: str) -> dict[str, object] | None:
    """Whether the control named ``name`` is marked pressed and can be used, in one look.

    One script reads both, so a redraw between two reads cannot leave a stale element.
    """
    return driver.execute_script(  # type: ignore[no-any-return]
        "const found = [...document.querySelectorAll('button, select')]"
        ".find(c => c.getAttribute('aria-label') === arguments[0]);"
        "return found ? {pressed: found.getAttribute('aria-pressed'), on: !found.disabled}"
        " : null",
        name,
    )


def choose(driver: WebDriver, name: str, text: str) -> None:
    """Pick ``text`` in the list named ``name``, as a finger does (again if it was redrawn)."""
    for _ in range(5):
        lists = driver.find_elements(By.CSS_SELECTOR, "select")
        try:
            found = next((e for e in lists if e.accessible_name == name), None)
            if found is not None:
                Select(found).select_by_visible_text(text)
                return
        except StaleElementReferenceException:
            continue
    raise AssertionError(f"could not choose {text!r} in {name!r}")


def visible_controls(driver: WebDriver) -> list[tuple[str, float, float]]:
    """Every button and list on screen: its name for a screen reader, its height and width."""
    return driver.execute_script(  # type: ignore[no-any-return]
        "return [...document.querySelectorAll('button, select')]"
        ".filter(b => b.offsetParent !== null)"
        ".map(b => [b.getAttribute('aria-label') || b.textContent.trim(),"
        " b.getBoundingClientRect().height, b.getBoundingClientRect().width])"
    )


def test_a_phone_rates_with_taps_on_a_phone_sized_screen(
    qtbot: QtBot, browser: WebDriver, window: SessionWindow, repository: SessionRepository
):
    join_as_bo_with_an_idea(qtbot, browser, window)
    vote_round = VoteRound(
        new_id(), "Rate them", VoteTarget.NOTES, 1, 1, False, True, RoundStatus.OPEN,
        kind=RoundKind.RATING, criteria=CRITERIA, no_self_votes=True,
    )  # fmt: skip
    window.document.steps.push(OpenRoundCommand(window.document, vote_round))

    def rate() -> None:
        wait_for_text(browser, "dots-left", "0 of 3 rated")
        info = browser.find_element(By.ID, "ballot-info").text
        assert "Blind round: nobody sees the results until it closes." in info
        assert "1–5, lower is better" in browser.find_element(By.ID, "items").text
        # Bo's own idea is there, refused with the reason, and offers no value.
        assert SELF_VOTE_REFUSAL in browser.find_element(By.ID, "items").text
        assert by_name(browser, "button", "Impact 1 for: Shorter forms") is None
        press(browser, "button", "Impact 4 for: Welcome call")
        wait_for_text(browser, "dots-left", "1 of 3 rated")
        press(browser, "button", "Effort 2 for: Welcome call")
        WebDriverWait(browser, WAIT_SECONDS).until(
            lambda d: control(d, "Effort 2 for: Welcome call") == {"pressed": "true", "on": True},
            "the value given is not marked",
        )
        assert control(browser, "Impact 4 for: Welcome call") == {"pressed": "true", "on": True}
        assert control(browser, "Impact 3 for: Welcome call") == {"pressed": "false", "on": True}
        press(browser, "button", "Clear Effort for: Welcome call")
        WebDriverWait(browser, WAIT_SECONDS).until(
            lambda d: (
                control(d, "Clear Effort for: Welcome call") == {"pressed": None, "on": False}
            ),
            "the value was not cleared",
        )
        assert control(browser, "Effort 2 for: Welcome call") == {"pressed": "false", "on": True}
        choose(browser, "Confidence for: Video tour", "10")
        wait_for_text(browser, "dots-left", "2 of 3 rated")
        assert browser.execute_script("return document.documentElement.scrollWidth") <= 360
        controls = visible_controls(browser)
        assert controls
        for name, height, width in controls:
            assert name and height >= 44 and width >= 44, (name, height, width)
        press(browser, "button", "Done: my ballot is in")
        wait_for_text(browser, "ballot-info", "Your ballot is in. Thank you!")

    in_browser(qtbot, rate)
    notes = ids_by_text(window)
    stored = repository.load_session(window.document.session_id).vote_rounds[-1]
    impact, _effort, confidence = CRITERIA
    bo = next(p.id for p in window.document.people.values() if p.name == "Bo")
    assert {(r.voter_id, r.item_id, r.criterion_id, r.value) for r in stored.ratings} == {
        (bo, notes["Welcome call"], impact.id, 4),
        (bo, notes["Video tour"], confidence.id, 10),
    }
    assert stored.phone_voter_ids == (bo,)


def test_a_phone_ranks_with_taps_on_a_phone_sized_screen(
    qtbot: QtBot, browser: WebDriver, window: SessionWindow, repository: SessionRepository
):
    join_as_bo_with_an_idea(qtbot, browser, window)
    vote_round = VoteRound(
        new_id(), "Rank them", VoteTarget.NOTES, 1, 1, False, False, RoundStatus.OPEN,
        kind=RoundKind.RANK, rank_size=2,
    )  # fmt: skip
    window.document.steps.push(OpenRoundCommand(window.document, vote_round))

    def rank() -> None:
        wait_for_text(browser, "dots-left", "0 of 2 placed")
        press(browser, "button", "Put at place 1: Video tour")
        wait_for_text(browser, "dots-left", "1 of 2 placed")
        press(browser, "button", "Put at place 2: Welcome call")
        wait_for_text(browser, "dots-left", "2 of 2 placed")
        wait_for_text(browser, "items", "All 2 places are taken")
        full = control(browser, "Add (all places are taken): Shorter forms")
        assert full == {"pressed": None, "on": False}
        press(browser, "button", "Move up: Welcome call")  # the two swap
        wait_for(browser, "button", "Move down: Welcome call")
        press(browser, "button", "Take out: Video tour")
        wait_for_text(browser, "dots-left", "1 of 2 placed")
        press(browser, "button", "Put at place 2: Shorter forms")
        wait_for_text(browser, "dots-left", "2 of 2 placed")
        assert browser.execute_script("return document.documentElement.scrollWidth") <= 360
        for name, height, width in visible_controls(browser):
            assert name and height >= 44 and width >= 44, (name, height, width)
        press(browser, "button", "Done: my ballot is in")
        wait_for_text(browser, "ballot-info", "Your ballot is in. Thank you!")

    in_browser(qtbot, rank)
    notes = ids_by_text(window)
    stored = repository.load_session(window.document.session_id).vote_rounds[-1]
    bo = next(p.id for p in window.document.people.values() if p.name == "Bo")
    assert {(r.voter_id, r.item_id, r.position) for r in stored.ranks} == {
        (bo, notes["Welcome call"], 1),
        (bo, notes["Shorter forms"], 2),
    }
    assert stored.phone_voter_ids == (bo,)
