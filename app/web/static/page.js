// The phones' page. The join token comes in the address's fragment (#t=TOKEN), which
// no request carries: it is sent once to /api/join for a device cookie, then dropped
// from the address bar. Text is only ever set as text, never as HTML.
"use strict";

(function () {
  const status = document.getElementById("status");

  function show(text) {
    status.textContent = text;
  }

  function tokenFromFragment() {
    const fields = new URLSearchParams(location.hash.slice(1));
    return fields.get("t");
  }

  function dropFragment() {
    history.replaceState(null, "", location.pathname + location.search);
  }

  async function join(token) {
    try {
      const answer = await fetch("/api/join", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ token: token }),
        credentials: "same-origin",
        cache: "no-store",
      });
      show(answer.ok ? "Joined" : "Could not join: scan the code on the room's screen again.");
    } catch (error) {
      show("Could not reach the facilitator's laptop: check that you are on the room's Wi-Fi.");
    } finally {
      dropFragment();
    }
  }

  async function alreadyJoined() {
    try {
      const answer = await fetch("/api/state", { credentials: "same-origin", cache: "no-store" });
      show(answer.ok ? "Joined" : "Scan the code on the room's screen to join.");
    } catch (error) {
      show("Could not reach the facilitator's laptop: check that you are on the room's Wi-Fi.");
    }
  }

  const token = tokenFromFragment();
  if (token) {
    join(token);
  } else {
    alreadyJoined();
  }
})();
