// Small progressive enhancements; every page works without them.
document.addEventListener("change", (event) => {
  if (event.target.matches(".js-autosubmit")) {
    event.target.form.submit();
  }
});

// Search results: arrow keys move between result links, from the search box too.
document.addEventListener("keydown", (event) => {
  if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
  const inSearch = event.target.matches("input[type=search]") || event.target.closest("#search-results");
  if (!inSearch) return;
  const links = Array.from(document.querySelectorAll("#search-results a"));
  if (!links.length) return;
  const index = links.indexOf(document.activeElement);
  const next = event.key === "ArrowDown" ? Math.min(index + 1, links.length - 1) : index - 1;
  event.preventDefault();
  if (next < 0) document.querySelector("#search-page-q, #header-q").focus();
  else links[next].focus();
});
