// Helpdesk: progressive enhancements only; every page works without script.
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
  button.textContent = body.value.trim() === "" ? "Update ticket" : internal ? "Add internal note" : "Send reply";
}

document.addEventListener("input", labelSubmit);
document.addEventListener("change", labelSubmit);
document.addEventListener("DOMContentLoaded", labelSubmit);
