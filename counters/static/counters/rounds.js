// Daily rounds: each counter's row runs the generic action flow in its own slot. The flow's
// fragments aim their forms at "#action-flow", which is not unique once several rows are open,
// so every form swapped into a row is pointed back at that row's slot.
document.addEventListener("htmx:afterSwap", (event) => {
  const slot = event.detail.target;
  if (!slot || !slot.matches || !slot.matches(".round-entry")) return;
  slot.querySelectorAll("form[hx-post]").forEach((form) => {
    form.setAttribute("hx-target", "#" + slot.id);
    form.setAttribute("hx-swap", "innerHTML");
    form.setAttribute("hx-indicator", "#" + slot.id + " .busy");
  });
  const first = slot.querySelector("[role=alert], input:not([type=hidden]), button[value=execute]");
  if (first) first.focus();
});
