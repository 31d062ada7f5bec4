// omst serve: keeps an open page up to date while the plans are edited. The server says
// "rendering" when it sees a save, and "update" with the new generation when the document is
// ready and again when the generation's other pages are; this fetches the page again and,
// once it is of the new generation, puts what changed in its body in place, keeping the
// scroll position. The page says "updating…" from the save until then. Without this script
// every page still works: it is only not updated by itself.
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

  function sameAttributes(node, next) {
    var i;
    var name;
    for (i = 0; i < next.attributes.length; i++) {
      name = next.attributes[i].name;
      if (node.getAttribute(name) !== next.attributes[i].value) {
        node.setAttribute(name, next.attributes[i].value);
      }
    }
    for (i = node.attributes.length - 1; i >= 0; i--) {
      name = node.attributes[i].name;
      if (!next.hasAttribute(name)) {
        node.removeAttribute(name);
      }
    }
  }

  // Puts `next` (of the fetched page) in the place of `node`, keeping every part that is
  // the same: only what changed is replaced, so the browser lays out anew only that (the
  // whole document of the 100x plans takes it many seconds) and the reader stays where
  // they were. An element whose children changed in number is replaced whole.
  function morph(node, next) {
    if (node.isEqualNode(next)) {
      return;
    }
    if (node.nodeType !== 1 || next.nodeType !== 1 || node.tagName !== next.tagName ||
        node.childNodes.length !== next.childNodes.length) {
      node.replaceWith(document.adoptNode(next));
      return;
    }
    sameAttributes(node, next);
    var olds = Array.prototype.slice.call(node.childNodes);
    var nexts = Array.prototype.slice.call(next.childNodes);
    for (var i = 0; i < olds.length; i++) {
      morph(olds[i], nexts[i]);
    }
  }

  var shown = generationOf(document);
  var fetching = false;
  var wanted = null;
  // A save seen whose generation this page does not show yet: "updating…" until it does.
  var rendering = false;
  var again = false;

  function refresh() {
    if (fetching) {
      again = true;
      return;
    }
    fetching = true;
    again = false;
    setBusy(true);
    fetch(window.location.href, { cache: "no-store", credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (text) {
        var doc = new DOMParser().parseFromString(text, "text/html");
        var got = generationOf(doc);
        if (got === shown) {
          return; // this page of the new generation is still being made: the next event
        }
        var x = window.scrollX;
        var y = window.scrollY;
        morph(document.body, doc.body);
        var meta = document.querySelector('meta[name="omst-generation"]');
        shown = got;
        if (meta && shown !== null) {
          meta.setAttribute("content", shown);
        }
        document.title = doc.title;
        window.scrollTo(x, y);
      })
      .catch(function () { /* the server is gone or restarting: try at the next event */ })
      .then(function () {
        fetching = false;
        if (again && wanted !== shown) {
          refresh();
        } else {
          setBusy(rendering || wanted !== shown);
        }
      });
  }

  var source = new EventSource("/events");
  source.addEventListener("rendering", function () {
    rendering = true;
    setBusy(true);
  });
  source.addEventListener("update", function (event) {
    rendering = false;
    wanted = event.data;
    if (wanted !== shown) {
      refresh();
    } else {
      setBusy(fetching);
    }
  });
})();
