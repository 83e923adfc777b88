// Helpdesk: progressive enhancements only; every page works without script.

// The page's words in its reader's language (the layout's data-words, by their English; English when absent).
function say(english, ...args) {
  let words = say.words;
  if (!words) {
    try {
      words = say.words = JSON.parse(document.body?.dataset.words || "{}");
    } catch {
      words = say.words = {};
    }
  }
  return (words[english] ?? english).replace(/\{(\d)\}/g, (_, i) => String(args[Number(i)]));
}
window.say = say;
document.addEventListener("change", (event) => {
  const target = event.target;
  if (target instanceof HTMLSelectElement && target.dataset.autosubmit !== undefined) {
    target.form?.requestSubmit();
  }
});

// The ticket page's one submit button says what it will do.
function labelSubmit() {
  const button = document.getElementById("submit-update");
  const body = document.getElementById("Input_Body");
  if (!button || !body) {
    return;
  }
  const internal = document.getElementById("visibility-internal")?.checked;
  const status = document.getElementById("Input_Status");
  const solving = status && status.value === "Solved" && status.dataset.current !== "Solved";
  const empty = body.value.trim() === "";
  button.textContent = empty
    ? say(solving ? "Solve ticket" : "Update ticket")
    : internal ? say(solving ? "Add note and solve" : "Add internal note") : say(solving ? "Send and solve" : "Send reply");
  // The one-step buttons say what they will send.
  const solve = document.getElementById("send-solve");
  const pending = document.getElementById("send-pending");
  if (solve) {
    solve.textContent = say(empty ? "Solve" : internal ? "Add note and solve" : "Send and solve");
  }
  if (pending) {
    pending.textContent = say(empty ? "Set Pending" : internal ? "Add note and set Pending" : "Send and set Pending");
  }
}

document.addEventListener("input", labelSubmit);
document.addEventListener("change", labelSubmit);
document.addEventListener("DOMContentLoaded", labelSubmit);

// Drafts. A form marked data-draft keeps what was typed or changed in it in this browser until it is sent: another
// form on the page (linking a disruption, say) or a reload cannot lose it. Submitting another form or leaving the
// page with unsaved changes asks first; a restored draft says so and can be discarded.
(function () {
  const form = document.querySelector("form[data-draft]");
  if (!form) {
    return;
  }

  const key = "helpdesk.draft." + form.dataset.draft;
  // A page that fills the form itself (a macro just applied) starts a new draft rather than restoring the last one.
  if (form.dataset.draftFresh === "true") {
    localStorage.removeItem(key);
  }
  const tracked = () => [...form.elements].filter((e) => e.id && e.name && !e.disabled && !["hidden", "file", "submit", "button"].includes(e.type));
  const valueOf = (e) => (e.type === "checkbox" || e.type === "radio" ? e.checked : e.value);
  const initial = new Map(tracked().map((e) => [e.id, valueOf(e)]));

  // Sent and refused (a field error): what the page shows back was not saved, so the reply still counts as a draft.
  if (form.dataset.draftUnsaved === "true") {
    for (const e of tracked().filter((e) => e.tagName === "TEXTAREA")) {
      initial.set(e.id, "");
    }
  }
  const changed = () => tracked().filter((e) => initial.has(e.id) && valueOf(e) !== initial.get(e.id));
  let leaving = false;

  function save() {
    const edits = changed();
    if (edits.length === 0) {
      localStorage.removeItem(key);
    } else {
      localStorage.setItem(key, JSON.stringify(edits.map((e) => [e.id, valueOf(e)])));
    }
  }

  const stored = localStorage.getItem(key);
  if (stored) {
    try {
      for (const [id, value] of JSON.parse(stored)) {
        const field = document.getElementById(id);
        if (!field || field.form !== form || field.disabled) {
          continue;
        }
        if (field.type === "checkbox" || field.type === "radio") {
          field.checked = value;
        } else {
          field.value = value;
        }
        field.dispatchEvent(new Event("change", { bubbles: true }));
      }
    } catch {
      localStorage.removeItem(key);
    }
    if (changed().length > 0) {
      const notice = document.getElementById("draft-notice");
      if (notice) {
        notice.hidden = false;
        notice.querySelector("button")?.addEventListener("click", () => {
          localStorage.removeItem(key);
          leaving = true;
          location.reload();
        });
      }
    }
  }

  form.addEventListener("input", save);
  form.addEventListener("change", save);
  form.addEventListener("submit", () => {
    leaving = true;
    localStorage.removeItem(key);
  });

  // Another form sent while this one has changes: they stay as a draft, restored when the page comes back.
  document.addEventListener("submit", (event) => {
    if (event.target === form || changed().length === 0) {
      return;
    }
    if (!confirm(say("Your reply and field changes on this page are not saved yet. They stay here as a draft and come back after this. Go on?"))) {
      event.preventDefault();
      return;
    }
    save();
    leaving = true;
  }, true);

  window.addEventListener("beforeunload", (event) => {
    if (!leaving && changed().length > 0) {
      save();
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();

// Destructive actions say what they will do and ask first: a form with data-confirm (and, when given, only while
// the element data-confirm-if names matches, such as an unticked "Active" box).
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.dataset.confirm) {
    return;
  }
  if (form.dataset.confirmIf && !form.querySelector(form.dataset.confirmIf) && !document.querySelector(form.dataset.confirmIf)) {
    return;
  }
  if (!confirm(form.dataset.confirm)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
});

// Keyboard shortcuts for the common loop ("?" lists them): open the next ticket, reply or note, send, solve, take.
document.addEventListener("keydown", (event) => {
  const target = event.target;
  if ((event.ctrlKey || event.metaKey) && event.key === "Enter" && target instanceof HTMLTextAreaElement && target.form) {
    event.preventDefault();
    const submit = document.getElementById("submit-update");
    target.form.requestSubmit(submit && submit.form === target.form ? submit : undefined);
    return;
  }
  const typing = target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
  if (typing || event.ctrlKey || event.metaKey || event.altKey || document.querySelector("dialog[open]")) {
    return;
  }
  const click = (id) => {
    const element = document.getElementById(id);
    if (element) {
      event.preventDefault();
      element.click();
    }
  };
  const write = (id) => {
    const kind = document.getElementById(id);
    const body = document.getElementById("Input_Body");
    if (kind && !kind.disabled && body) {
      event.preventDefault();
      kind.checked = true;
      kind.dispatchEvent(new Event("change", { bubbles: true }));
      body.focus();
    }
  };
  switch (event.key) {
    case "?": {
      const dialog = document.getElementById("shortcuts");
      if (dialog) {
        event.preventDefault();
        dialog.showModal();
      }
      break;
    }
    case "j": click("next-ticket"); break;
    case "r": write("visibility-public"); break;
    case "n": write("visibility-internal"); break;
    case "s": click("send-solve"); break;
    case "a": click("assign-me"); break;
  }
});
document.addEventListener("click", (event) => {
  const link = event.target instanceof Element ? event.target.closest("[data-shortcuts]") : null;
  const dialog = document.getElementById("shortcuts");
  if (link && dialog) {
    event.preventDefault();
    dialog.showModal();
  }
});

// The queue's selection for bulk actions: "select every ticket on this page", shift-click for a range, and a count.
(function () {
  const boxes = () => [...document.querySelectorAll("input[data-bulk]")];
  const all = document.getElementById("select-page");
  const count = document.getElementById("bulk-count");
  if (!all || !count) {
    return;
  }
  const show = () => {
    const n = boxes().filter((b) => b.checked).length;
    count.textContent = n === 0 ? say("Tick tickets to change several at once.") : say("{0} selected.", n);
    // The bulk form shows once something is ticked (without script it is always there).
    const bar = document.getElementById("bulk-form");
    if (bar) {
      bar.hidden = n === 0;
    }
    all.checked = n > 0 && n === boxes().length;
    all.indeterminate = n > 0 && n < boxes().length;
  };
  let last = null;
  all.addEventListener("change", () => {
    for (const box of boxes()) {
      box.checked = all.checked;
    }
    show();
  });
  document.addEventListener("click", (event) => {
    const box = event.target;
    if (!(box instanceof HTMLInputElement) || box.dataset.bulk === undefined) {
      return;
    }
    if (event.shiftKey && last && last !== box) {
      const list = boxes();
      const [from, to] = [list.indexOf(last), list.indexOf(box)].sort((a, b) => a - b);
      for (const other of list.slice(from, to + 1)) {
        other.checked = box.checked;
      }
    }
    last = box;
    show();
  });
  show();
})();
