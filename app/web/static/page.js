// The phones' page. The join token comes in the address's fragment (#t=TOKEN), which
// no request carries: it is sent once to /api/join for a device cookie, then dropped
// from the address bar. After that the page asks the laptop what to show (/api/state)
// every two seconds and after each change; ballot.js draws the ballot of the open round.
// Text is only ever set as text, never as HTML.
"use strict";

(function () {
  const POLL_MS = 2000;
  const NEWS_MS = 4000;
  const $ = (id) => document.getElementById(id);
  const status = $("status");
  const button = dotstormBallot.button;
  let state = null;
  let timeLeft = null;
  let timeRunning = false;
  let busy = false;
  let changes = 0;  // changes sent so far: a poll answered before the last one is old news
  let newsTimer = null;
  // What each list was last drawn from: a poll that changes nothing redraws nothing, so
  // the button under a finger (or a screen reader's focus) stays where it is.
  let drawnPeople = "";
  let drawnBallot = "";
  let choosing = false;  // "Not you?" pressed: the names stay until one is picked

  // A refusal stays until the next answer; good news ("Idea sent") fades after a moment.
  function say(text, refused) {
    status.textContent = text;
    status.classList.toggle("refused", Boolean(refused));
    clearTimeout(newsTimer);
    if (!refused) {
      newsTimer = setTimeout(() => {
        status.textContent = "";
      }, NEWS_MS);
    }
  }

  function tokenFromFragment() {
    return new URLSearchParams(location.hash.slice(1)).get("t");
  }

  function dropFragment() {
    history.replaceState(null, "", location.pathname + location.search);
  }

  async function call(method, path, body) {
    const options = { method: method, credentials: "same-origin", cache: "no-store" };
    if (body !== undefined) {
      options.headers = { "Content-Type": "application/json" };
      options.body = JSON.stringify(body);
    }
    const answer = await fetch(path, options);
    let data = null;
    try {
      data = await answer.json();
    } catch (error) {
      data = null;
    }
    return { ok: answer.ok, status: answer.status, data: data };
  }

  function unreachable() {
    say("Could not reach the facilitator's laptop: check that you are on the room's Wi-Fi.", true);
  }

  async function change(path, body, done) {
    if (busy) {
      drawnBallot = "";  // dropped: the next answer draws the ballot as the laptop has it
      return;
    }
    busy = true;
    changes += 1;
    try {
      const answer = await call("POST", path, body);
      if (answer.ok) {
        show(answer.data);
        if (done) {
          done();
        } else if (status.classList.contains("refused")) {
          say("", false);  // the last refusal no longer holds
        }
      } else if (answer.status === 403) {
        left();
      } else {
        drawnBallot = "";  // a list left showing a refused value is drawn again
        say((answer.data && answer.data.message) || "That did not work: please try again.", true);
      }
    } catch (error) {
      drawnBallot = "";
      unreachable();
    } finally {
      busy = false;
    }
  }

  function left() {
    state = null;
    for (const id of ["seat", "me", "ideas", "ballot"]) {
      $(id).hidden = true;
    }
    say("This phone is no longer joined: scan the code on the room's screen again.", true);
  }

  async function poll() {
    if (busy) {
      return;
    }
    const sent = changes;
    try {
      const answer = await call("GET", "/api/state");
      if (busy || sent !== changes) {
        return;  // a change went out meanwhile: its own answer (newer) is what to show
      }
      if (answer.ok) {
        show(answer.data);
      } else if (answer.status === 403) {
        left();
      }
    } catch (error) {
      unreachable();
    }
  }

  function clock(seconds) {
    const over = seconds < 0;
    const whole = Math.abs(Math.round(seconds));
    const text = Math.floor(whole / 60) + ":" + String(whole % 60).padStart(2, "0");
    return over ? "+" + text : text;
  }

  function showTime() {
    $("time").textContent = timeLeft === null ? "" : clock(timeLeft);
  }

  function show(data) {
    if (!data) {
      return;
    }
    const first = state === null;
    state = data;
    $("session").textContent = data.session || "";
    $("question").textContent = data.question || data.session || "Dotstorm";
    $("goal").textContent = data.goal || "";
    $("goal").hidden = !data.goal;
    $("line").textContent = data.line || "";  // the technique's line, as the room reads it
    $("line").hidden = !data.line;
    $("phase").textContent = data.phase ? data.phase.title : "The session has ended";
    timeLeft = data.time ? data.time.left : null;
    timeRunning = Boolean(data.time && data.time.running);
    if (data.sheet && !data.sheet.finished) {
      timeLeft = data.sheet.left;  // 6-3-5: the round's time, as the room's view shows it
    }
    showTime();
    showSeat(data);
    showSheet(data);
    showIdeas(data);
    showBallot(data);
    if (first) {
      say(data.me ? "Joined" : "Joined: pick your name", false);
    }
  }

  function showSeat(data) {
    const seated = Boolean(data.me) && !choosing;
    $("seat").hidden = seated;
    $("me").hidden = !seated;
    if (seated) {
      $("me-name").textContent = data.me.anonymous ? "You take part without a name." :
        "You are " + data.me.name + ".";
      drawnPeople = "";  // drawn afresh when the names are shown again
      return;
    }
    const key = JSON.stringify([data.people, data.anonymous_allowed]);
    if (key === drawnPeople) {
      return;
    }
    drawnPeople = key;
    const people = $("people");
    people.replaceChildren();
    for (const person of data.people) {
      const label = person.taken ? person.name + ", on another phone" : "I am " + person.name;
      people.append(button(person.name, label, () => pick(person.id), person.taken));
    }
    $("anonymous").hidden = !data.anonymous_allowed;
  }

  function showIdeas(data) {
    const ideas = data.ideas;
    const seated = Boolean(data.me);
    const noSheet = Boolean(data.sheet) && data.sheet.status === "no_sheet";
    // 6-3-5 without a sheet: the sheet's line says why; a second refusal would repeat it.
    $("ideas").hidden = !seated || !data.phase || !data.phase.ideas || noSheet;
    $("ideas-hint").textContent = ideas.open ?
      (data.phase && data.phase.silent ?
        "Silent writing: your ideas stay face down until the facilitator reveals them." :
        "Your idea goes straight onto the board.") :
      (ideas.reason || "");
    $("builds-on").textContent = ideas.builds_on ? "It builds on “" + ideas.builds_on + "”" : "";
    $("builds-on").hidden = !ideas.builds_on;
    $("idea-text").disabled = !ideas.open;
    $("send-idea").disabled = !ideas.open;
    $("ideas-sent").textContent = ideas.sent === 1 ? "1 idea sent from this phone." :
      (ideas.sent ? ideas.sent + " ideas sent from this phone." : "");
  }

  function showSheet(data) {
    // 6-3-5: the sheet this person holds now, and only its ideas (the laptop sends no other).
    const sheet = data.sheet;
    $("sheet").hidden = !sheet || !data.me;
    if (!sheet) {
      return;
    }
    const held = sheet.status === "holding";
    $("sheet-heading").textContent = held ? "You hold " + sheet.name : "6-3-5 brainwriting";
    let words = sheet.words + ".";
    if (held && !sheet.finished) {
      words += sheet.ideas.length ?
        " Build on the ideas already on it; the newest is last." :
        " The sheet is empty: start it.";
      words += sheet.ideas_left === 1 ? " 1 more idea this round." :
        " " + sheet.ideas_left + " more ideas this round.";
    } else if (!held) {
      words = sheet.reason || words;  // one line: why this phone holds no sheet
    }
    $("sheet-round").textContent = words;
    const list = $("sheet-ideas");
    const key = JSON.stringify(held ? [sheet.name, sheet.ideas] : null);
    if (list.dataset.drawn === key) {
      return;
    }
    list.dataset.drawn = key;
    list.replaceChildren();
    for (const text of held ? sheet.ideas : []) {
      const item = document.createElement("li");
      item.textContent = text;
      list.append(item);
    }
  }

  function showBallot(data) {
    const ballot = data.ballot;
    const section = $("ballot");
    section.hidden = !ballot || !data.me;
    const key = JSON.stringify(ballot);
    if (!ballot || key === drawnBallot) {
      drawnBallot = ballot ? key : "";
      return;
    }
    drawnBallot = key;
    const items = $("items");
    // The control under a finger (or a screen reader's focus) keeps it through a redraw.
    const active = document.activeElement;
    const focused = active && items.contains(active) ? active.getAttribute("aria-label") : null;
    $("ballot-heading").textContent = "Vote: " + ballot.title;
    items.replaceChildren();
    const info = {
      no_name: "The vote is for the session's people: pick your name to vote.",
      not_a_voter: "You are not a voter in this round.",
      done: "Your ballot is in. Thank you!",
      on_laptop: "Your ballot is open on the laptop.",
    };
    const voting = ballot.status === "voting";
    $("done").hidden = !voting;
    $("dots-left").hidden = !voting;
    if (!voting) {
      $("ballot-info").textContent = info[ballot.status] || "";
      return;
    }
    dotstormBallot.draw(ballot, items, change);
    if (focused) {
      for (const control of items.querySelectorAll("button, select")) {
        if (control.getAttribute("aria-label") === focused && !control.disabled) {
          control.focus();
          break;
        }
      }
    }
  }

  function pick(personId) {
    change("/api/name", { person_id: personId }, () => {
      choosing = false;
      if (state) {
        show(state);
      }
    });
  }

  $("anonymous").addEventListener("click", () => pick(null));
  $("change-name").addEventListener("click", () => {
    choosing = true;
    if (state) {
      show(state);
    }
  });
  $("idea-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = $("idea-text").value;
    if (!text.trim()) {
      say("Type an idea first.", true);
      return;
    }
    change("/api/idea", { text: text }, () => {
      $("idea-text").value = "";
      say("Idea sent", false);
    });
  });
  $("done").addEventListener("click", () => {
    if (state && state.ballot) {
      change("/api/done", { round_id: state.ballot.round_id }, () => say("Ballot in", false));
    }
  });

  async function start() {
    const token = tokenFromFragment();
    if (token) {
      dropFragment();
      try {
        const answer = await call("POST", "/api/join", { token: token });
        if (!answer.ok) {
          say("Could not join: scan the code on the room's screen again.", true);
          return;
        }
      } catch (error) {
        unreachable();
        return;
      }
    }
    await poll();
    if (state === null && !token) {
      say("Scan the code on the room's screen to join.", true);
    }
    setInterval(poll, POLL_MS);
    setInterval(() => {
      if (timeRunning && timeLeft !== null) {
        timeLeft -= 1;
        showTime();
      }
    }, 1000);
  }

  start();
})();
