// The phones' ballot of the open round, drawn from what the laptop sent: dots, a rating
// or a rank, one control a change (each one posted at once by page.js's send). Every
// control has a name a screen reader says and is at least 48 pixels a side; text is
// only ever set as text, never as HTML. Loaded before page.js, which uses it.
"use strict";

const dotstormBallot = (function () {
  const byId = (id) => document.getElementById(id);

  function button(text, label, onClick, disabled) {
    const made = document.createElement("button");
    made.type = "button";
    made.textContent = text;
    if (label) {
      made.setAttribute("aria-label", label);
    }
    made.disabled = Boolean(disabled);
    made.addEventListener("click", onClick);
    return made;
  }

  function element(tag, className, text) {
    const made = document.createElement(tag);
    if (className) {
      made.className = className;
    }
    if (text !== undefined) {
      made.textContent = text;
    }
    return made;
  }

  // An item's words and, for one's own idea in a round without self-votes, why it is refused.
  function itemLabel(item) {
    const label = element("span", "label", item.label);
    if (item.refused) {
      label.append(element("span", "refusal", item.refused));
    }
    return label;
  }

  function blindWords(ballot, what) {
    return ballot.blind ? " Blind round: nobody sees the " + what + " until it closes." : "";
  }

  function drawDots(ballot, items, send) {
    byId("ballot-info").textContent = "At most " + ballot.max_per_item + " on one item." +
      blindWords(ballot, "counts");
    byId("dots-left").textContent = ballot.left === 1 ? "1 dot left" : ballot.left + " dots left";
    const list = element("ul", "items");
    for (const item of ballot.items) {
      const row = document.createElement("li");
      const label = itemLabel(item);
      if (item.total !== null && item.total !== undefined) {
        label.append(element("span", "total", item.total + " in the room"));
      }
      const count = element("span", "count", item.mine === 1 ? "1 dot" : item.mine + " dots");
      const dot = (step) => send("/api/dot", {
        round_id: ballot.round_id, item_id: item.id, change: step,
      });
      row.append(
        label,
        button("−", "Take a dot back from: " + item.label, () => dot(-1), item.mine === 0),
        count,
        button("+", "Give a dot to: " + item.label, () => dot(1),
          Boolean(item.refused) || ballot.left === 0 || item.mine >= ballot.max_per_item),
      );
      list.append(row);
    }
    items.append(list);
  }

  // Value buttons in rows a thumb can hit: up to 5 a row (1-10 is two rows of five).
  function columns(steps) {
    return steps <= 5 ? steps : Math.min(5, Math.ceil(steps / 2));
  }

  function drawRating(ballot, items, send) {
    byId("ballot-info").textContent =
      "Rate what you can judge and skip the rest: each value is saved as you tap it." +
      blindWords(ballot, "results");
    byId("dots-left").textContent = ballot.rated + " of " + ballot.items.length + " rated";
    const list = element("ul", "items cards");
    for (const item of ballot.items) {
      const card = element("li", "card");
      card.append(itemLabel(item));
      if (!item.refused) {
        for (const criterion of ballot.criteria) {
          card.append(ratingRow(ballot, item, criterion, send));
        }
      }
      list.append(card);
    }
    items.append(list);
  }

  function ratingRow(ballot, item, criterion, send) {
    const value = item.values[criterion.id];
    const rate = (given) => send("/api/rate", {
      round_id: ballot.round_id, item_id: item.id, criterion_id: criterion.id, value: given,
    });
    const about = criterion.name + " for: " + item.label;
    const row = element("div", "criterion");
    const head = element("div", "scale");
    const lower = criterion.direction === "lower is better" ? ", lower is better" : "";
    head.append(
      element("span", "name", criterion.name),
      element("span", "range", criterion.min + "–" + criterion.max + lower),
      button("Clear", "Clear " + about, () => rate(null), value === null),
    );
    head.lastChild.classList.add("clear");
    row.append(head);
    const steps = criterion.max - criterion.min + 1;
    if (steps > 10) {
      // Eleven steps (0-10) would be three rows of buttons: one compact list instead.
      const select = document.createElement("select");
      select.setAttribute("aria-label", about);
      select.append(element("option", "", "No value"));
      select.firstChild.value = "";
      for (let given = criterion.min; given <= criterion.max; given++) {
        const option = element("option", "", String(given));
        option.value = String(given);
        select.append(option);
      }
      select.value = value === null ? "" : String(value);
      select.addEventListener("change", () => {
        rate(select.value === "" ? null : Number(select.value));
      });
      row.append(select);
      return row;
    }
    const values = element("div", "values cols-" + columns(steps));
    values.setAttribute("role", "group");
    values.setAttribute("aria-label", about);
    for (let given = criterion.min; given <= criterion.max; given++) {
      const made = button(String(given), criterion.name + " " + given + " for: " + item.label,
        () => rate(given));
      made.classList.add("value");
      made.setAttribute("aria-pressed", given === value ? "true" : "false");
      values.append(made);
    }
    row.append(values);
    return row;
  }

  function drawRank(ballot, items, send) {
    const size = ballot.rank_size;
    byId("ballot-info").textContent = "Put your top " + size +
      " in order, place 1 the best: each change is saved as you tap it." +
      blindWords(ballot, "results");
    byId("dots-left").textContent = (size - ballot.left) + " of " + size + " placed";
    const put = (item, position) => send("/api/rank", {
      round_id: ballot.round_id, item_id: item.id, position: position,
    });
    const at = {};
    for (const item of ballot.items) {
      if (item.position !== null) {
        at[item.position] = item;
      }
    }
    items.append(element("h3", "", "Your ranking"));
    const places = element("ul", "items places");
    let free = null;
    for (let position = 1; position <= size; position++) {
      const row = element("li");
      row.append(element("span", "place", position + "."));
      const there = at[position];
      if (!there) {
        free = free === null ? position : free;
        row.append(element("span", "label free", "free"));
      } else {
        row.append(
          element("span", "label", there.label),
          button("↑", "Move up: " + there.label, () => put(there, position - 1), position === 1),
          button("↓", "Move down: " + there.label, () => put(there, position + 1),
            position === size),
          button("Out", "Take out: " + there.label, () => put(there, null)),
        );
      }
      places.append(row);
    }
    items.append(places);
    items.append(element("h3", "", "Items"));
    if (free === null) {
      items.append(element("p", "hint", "All " + size +
        " places are taken: take one out to add another."));
    }
    const rest = element("ul", "items");
    for (const item of ballot.items) {
      if (item.position !== null) {
        continue;
      }
      const row = element("li");
      row.append(itemLabel(item));
      if (!item.refused) {
        const name = free === null ? "Add (all places are taken): " + item.label :
          "Put at place " + free + ": " + item.label;
        row.append(button(free === null ? "Add" : "Add as " + free, name,
          () => put(item, free), free === null));
      }
      rest.append(row);
    }
    items.append(rest);
  }

  // Draw a ballot whose status is "voting" into items; send(path, body) posts a change.
  function draw(ballot, items, send) {
    if (ballot.kind === "rating") {
      drawRating(ballot, items, send);
    } else if (ballot.kind === "rank") {
      drawRank(ballot, items, send);
    } else {
      drawDots(ballot, items, send);
    }
  }

  return { button: button, draw: draw };
})();
