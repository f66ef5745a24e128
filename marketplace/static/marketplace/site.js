// Behaviour shared by every page. No inline handlers: the Content-Security-Policy forbids them.
(function () {
  // <select data-autosubmit> submits its form on change (a <noscript> button does without JS).
  document.addEventListener("change", function (event) {
    if (event.target.matches("select[data-autosubmit]") && event.target.form) {
      event.target.form.submit();
    }
  });
})();
