// omst serve: keeps an open page up to date while the plans are edited. The server says
// "rendering" when it sees a save and "update" with the new generation when the page is
// ready; this fetches the page again and swaps its body, keeping the scroll position.
// Without this script every page still works: it is only not updated by itself.
(function () {
  "use strict";
  if (!window.EventSource || !window.fetch || !window.DOMParser) {
    return;
  }

  function generationOf(doc) {
    var meta = doc.querySelector('meta[name="omst-generation"]');
    return meta ? meta.getAttribute("content") : null;
  }

  function setBusy(busy) {
    var live = document.getElementById("omst-live");
    if (live) {
      live.textContent = busy ? live.getAttribute("data-updating") : "";
    }
    document.body.setAttribute("aria-busy", busy ? "true" : "false");
  }

  var shown = generationOf(document);
  var fetching = false;
  var wanted = null;

  function refresh() {
    if (fetching) {
      return;
    }
    fetching = true;
    setBusy(true);
    fetch(window.location.href, { cache: "no-store", credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (text) {
        var doc = new DOMParser().parseFromString(text, "text/html");
        var x = window.scrollX;
        var y = window.scrollY;
        document.body.replaceWith(document.adoptNode(doc.body));
        var meta = document.querySelector('meta[name="omst-generation"]');
        shown = generationOf(doc);
        if (meta && shown !== null) {
          meta.setAttribute("content", shown);
        }
        document.title = doc.title;
        window.scrollTo(x, y);
      })
      .catch(function () { /* the server is gone or restarting: try at the next event */ })
      .then(function () {
        fetching = false;
        setBusy(false);
        if (wanted !== null && wanted !== shown) {
          refresh();
        }
      });
  }

  var source = new EventSource("/events");
  source.addEventListener("rendering", function () { setBusy(true); });
  source.addEventListener("update", function (event) {
    wanted = event.data;
    if (wanted !== shown) {
      refresh();
    } else {
      setBusy(false);
    }
  });
})();
