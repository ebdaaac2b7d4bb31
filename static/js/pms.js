// Small progressive enhancements; every page works without them.
document.addEventListener("change", (event) => {
  if (event.target.matches(".js-autosubmit")) {
    event.target.form.submit();
  }
});
