// Helpdesk live pages (decision 020): who else is on this ticket, the ticket's changes as they happen, the queue
// kept current. An enhancement only: without it (no script, no connection) every page is right on its next load, and a
// stale send is still refused by the server with the draft kept.
(function () {
  const root = document.querySelector("[data-live]");
  if (!root || !window.signalR) {
    return;
  }

  const me = root.dataset.liveUser;
  const ticket = Number(root.dataset.liveTicket || 0);
  let version = Number(root.dataset.liveVersion || 0);
  const connection = new signalR.HubConnectionBuilder()
    .withUrl("/hubs/live")
    .withAutomaticReconnect([0, 2000, 5000, 10000, 30000])
    .build();

  // ---- The ticket page: presence, typing, the stale warning, new messages without a reload. ----
  let typingUntil = 0;
  let heartbeat = null;

  function say() {
    if (connection.state !== signalR.HubConnectionState.Connected) {
      return;
    }
    connection.invoke("Watch", ticket, Date.now() < typingUntil).catch(() => {});
  }

  function showPresence(viewers) {
    const box = document.getElementById("live-presence");
    if (!box) {
      return;
    }
    const others = viewers.filter((v) => v.userId !== me);
    const typing = others.filter((v) => v.typing).map((v) => v.name);
    const viewing = others.filter((v) => !v.typing).map((v) => v.name);
    const parts = [];
    if (typing.length > 0) {
      parts.push(window.say(typing.length === 1 ? "{0} is typing a reply…" : "{0} are typing a reply…", list(typing)));
    }
    if (viewing.length > 0) {
      parts.push(window.say(viewing.length === 1 ? "{0} is viewing this ticket." : "{0} are viewing this ticket.", list(viewing)));
    }
    box.textContent = parts.join(" ");
    box.hidden = parts.length === 0;
    box.classList.toggle("alert-warning", typing.length > 0);
    box.classList.toggle("alert-secondary", typing.length === 0);
  }

  function list(names) {
    return names.length <= 1 ? names.join("") : names.slice(0, -1).join(", ") + window.say(" and ") + names[names.length - 1];
  }

  // What a change did, in the page's words: "replied, set the status to Solved and changed the assignee".
  function what(parts) {
    const said = parts.map((p) => p === "replied" ? window.say("replied")
      : p === "noted" ? window.say("added an internal note")
      : p === "wrote" ? window.say("wrote")
      : p === "opened" ? window.say("opened it")
      : p.startsWith("status:") ? window.say("set the status to {0}", window.say(p.slice(7)))
      : p.startsWith("field:") ? window.say("changed the {0}", window.say(p.slice(6)).toLowerCase())
      : p);
    return said.length === 0 ? window.say("changed it") : list(said.length <= 1 ? said : [said.slice(0, -1).join(", "), said[said.length - 1]]);
  }

  async function refreshConversation(change) {
    // The page as it is now, read like any GET; only the conversation and the badges are taken from it.
    const response = await fetch(location.pathname, { headers: { "X-Live": "1" }, credentials: "same-origin" });
    if (!response.ok) {
      return;
    }
    const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
    for (const id of ["conversation-list", "ticket-status", "ticket-priority"]) {
      const now = fresh.getElementById(id);
      const here = document.getElementById(id);
      if (now && here) {
        here.replaceWith(document.importNode(now, true));
      }
    }
    const warning = document.getElementById("stale-warning");
    if (warning) {
      const who = change.by || window.say("Someone");
      warning.querySelector("[data-stale-what]").textContent = window.say("{0} {1} after you opened this ticket.", who, what(change.parts || []));
      warning.hidden = false;
    }
  }

  if (ticket > 0) {
    connection.on("presence", (data) => {
      if (data.number === ticket) {
        showPresence(data.viewers);
      }
    });
    let sending = false;
    connection.on("changed", (change) => {
      if (sending || change.number !== ticket || change.version <= version || change.userId === me) {
        return;
      }
      refreshConversation(change).catch(() => {});
    });
    const body = document.getElementById("Input_Body");
    let typingSaid = 0;
    body?.addEventListener("input", () => {
      typingUntil = Date.now() + 4000;
      if (Date.now() - typingSaid > 3000) {
        typingSaid = Date.now();
        say(); // at most every 3 s while typing goes on; the others' pages show it for 8 s after the last
      }
    });
    // A send from a page that fell behind: say so first; a second press sends (the server then shows what changed).
    const form = document.querySelector("form[data-draft]");
    form?.addEventListener("submit", (event) => {
      const warning = document.getElementById("stale-warning");
      if (warning && !warning.hidden && warning.dataset.confirmed !== "true") {
        event.preventDefault();
        warning.dataset.confirmed = "true";
        warning.querySelector("[data-stale-confirm]").hidden = false;
        warning.focus();
        return;
      }
      sending = true; // this page is on its way out: the page after the send shows what changed
    });
    window.addEventListener("pagehide", () => {
      if (connection.state === signalR.HubConnectionState.Connected) {
        connection.invoke("Leave", ticket).catch(() => {});
      }
    });
  }

  // ---- The queue: rows, counts and total follow ticket changes. ----
  let queueTimer = null;

  async function refreshQueue() {
    const ticked = document.querySelectorAll("input[data-bulk]:checked").length > 0;
    const table = document.getElementById("queue");
    if (ticked || (table && table.contains(document.activeElement))) {
      // Never pull the rows from under a selection or a focused row: offer the refresh instead.
      document.getElementById("queue-stale")?.removeAttribute("hidden");
      return;
    }
    const response = await fetch(location.pathname + location.search, { headers: { "X-Live": "1" }, credentials: "same-origin" });
    if (!response.ok) {
      return;
    }
    const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
    for (const selector of ["#queue tbody", "#queue-views", "#queue-total"]) {
      const now = fresh.querySelector(selector);
      const here = document.querySelector(selector);
      if (now && here) {
        here.innerHTML = now.innerHTML;
      }
    }
    const status = document.getElementById("queue-live-status");
    if (status) {
      status.textContent = window.say("The list was brought up to date.");
    }
  }

  if (root.dataset.liveQueue === "true") {
    connection.on("queueChanged", () => {
      clearTimeout(queueTimer);
      queueTimer = setTimeout(() => refreshQueue().catch(() => {}), 1500);
    });
  }

  async function start() {
    try {
      await connection.start();
      if (ticket > 0) {
        say();
        clearInterval(heartbeat);
        heartbeat = setInterval(say, 10000);
      }
      if (root.dataset.liveQueue === "true") {
        await connection.invoke("WatchQueue");
      }
    } catch {
      setTimeout(start, 10000);
    }
  }

  connection.onreconnected(() => {
    if (ticket > 0) {
      say();
    }
    if (root.dataset.liveQueue === "true") {
      connection.invoke("WatchQueue").catch(() => {});
    }
  });
  start();
})();
