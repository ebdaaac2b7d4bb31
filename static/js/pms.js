// Small progressive enhancements; every page works without them.
document.addEventListener("change", (event) => {
  if (event.target.matches(".js-autosubmit")) {
    event.target.form.submit();
  }
});

// Search results: arrow keys move between result links, from their search box too; the header's
// box has its own short list under it (#header-results), which Escape or a tap elsewhere closes.
const inHeader = (element) => element.id === "header-q" || element.closest("#header-results");

function closeHeaderResults() {
  const panel = document.getElementById("header-results");
  if (panel) {
    panel.classList.remove("open");
    panel.replaceChildren();
  }
}

document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && inHeader(event.target)) {
    closeHeaderResults();
    document.getElementById("header-q").focus();
    return;
  }
  if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
  const inSearch = event.target.matches("input[type=search]") || event.target.closest("#search-results, #header-results");
  if (!inSearch) return;
  const header = inHeader(event.target);
  const links = Array.from(document.querySelectorAll(header ? "#header-results a" : "#search-results a"));
  if (!links.length) return;
  const index = links.indexOf(document.activeElement);
  const next = event.key === "ArrowDown" ? Math.min(index + 1, links.length - 1) : index - 1;
  event.preventDefault();
  if (next < 0) document.querySelector(header ? "#header-q" : "#search-page-q, #header-q").focus();
  else links[next].focus();
});

document.addEventListener("click", (event) => {
  if (!event.target.closest(".header-search")) closeHeaderResults();
});

// Job cards: a measurement outside its limits is marked as it is typed (the preview says so again).
document.addEventListener("input", (event) => {
  const field = event.target;
  if (!field.matches("input[data-limits]")) return;
  const value = parseFloat(field.value);
  const min = field.dataset.min === "" ? null : parseFloat(field.dataset.min);
  const max = field.dataset.max === "" ? null : parseFloat(field.dataset.max);
  const outside = !Number.isNaN(value) && ((min !== null && value < min) || (max !== null && value > max));
  field.classList.toggle("out-of-limits", outside);
  field.setAttribute("aria-invalid", outside ? "true" : "false");
  const note = document.getElementById(field.dataset.note);
  if (note) note.hidden = !outside;
});
