// Long text near its limit shows a counter, instead of the browser silently cutting what is
// pasted: each field's maxlength moves to data-maxlength, so nothing typed or pasted is lost,
// and the server refuses text over the limit with a clear message, keeping what was typed.
(function () {
  const SHOW_FROM = 0.8; // of the limit

  // As the server counts: characters (not UTF-16 units), a line break sent as two.
  const length = (text) => Array.from(text).length + (text.match(/\n/g) || []).length;

  function attach(field) {
    const limit = parseInt(field.getAttribute("maxlength"), 10);
    if (!limit || field.type === "hidden") return;
    field.dataset.maxlength = String(limit);
    field.removeAttribute("maxlength");
    const counter = document.createElement("span");
    counter.className = "char-counter";
    counter.id = `${field.id || field.name}-counter`;
    counter.setAttribute("aria-live", "polite");
    counter.hidden = true;
    field.insertAdjacentElement("afterend", counter);
    const described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", described ? `${described} ${counter.id}` : counter.id);

    const update = () => {
      const used = length(field.value);
      const over = used - limit;
      counter.hidden = used < limit * SHOW_FROM;
      counter.textContent = over > 0
        ? `${over} character${over === 1 ? "" : "s"} too many (${used} of ${limit})`
        : `${limit - used} character${limit - used === 1 ? "" : "s"} left (${used} of ${limit})`;
      counter.classList.toggle("char-counter-over", over > 0);
      field.classList.toggle("over-limit", over > 0);
    };
    field.addEventListener("input", update);
    update();
  }

  const scan = (root) => root.querySelectorAll("textarea[maxlength], input[maxlength]").forEach(attach);
  scan(document);
  // Forms that htmx swaps in (each step of an action) get their counters too.
  document.addEventListener("htmx:load", (event) => scan(event.detail.elt));
})();
