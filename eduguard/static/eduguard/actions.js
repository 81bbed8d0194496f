/* Small page behaviours declared in the markup, so no page needs an inline script or an onclick=
   attribute (the Content-Security-Policy allows neither; settings.CONTENT_SECURITY_POLICY):

   data-print                 click prints the page
   data-confirm="question"    click asks first; "cancel" stops the button, link or form
   data-copy-target="#id"     click copies that field's text; data-copied="已复制" then shows on the button */
(function () {
  "use strict";

  function copyText(target) {
    var text = "value" in target ? target.value : target.textContent;
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Plain HTTP on a bureau intranet has no Clipboard API: select the field and copy.
    if (typeof target.select === "function") target.select();
    var ok = document.execCommand && document.execCommand("copy");
    return ok ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  document.addEventListener("click", function (event) {
    var el = event.target.closest("[data-print], [data-confirm], [data-copy-target]");
    if (!el) return;
    if (el.hasAttribute("data-confirm") && !window.confirm(el.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
      return;
    }
    if (el.hasAttribute("data-print")) {
      event.preventDefault();
      window.print();
    }
    if (el.hasAttribute("data-copy-target")) {
      event.preventDefault();
      var target = document.querySelector(el.getAttribute("data-copy-target"));
      if (!target) return;
      copyText(target).then(
        function () {
          if (el.hasAttribute("data-copied")) el.textContent = el.getAttribute("data-copied");
        },
        function () {
          if (typeof target.select === "function") target.select(); // let the user copy by hand
        }
      );
    }
  });
})();
