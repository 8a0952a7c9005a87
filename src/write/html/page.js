/* chatport's chat page: search as you type (also from a #q=word link), highlight, and go to a date. No request. */
(function () {
  'use strict';
  var q = document.getElementById('q');
  var hits = document.getElementById('hits');
  var jump = document.getElementById('jump');
  if (!q) { return; }
  var items = null, texts = null, days = null;

  function index() {
    if (items) { return; }
    items = Array.prototype.slice.call(document.querySelectorAll('#chat .msg, #chat .notice'));
    texts = items.map(function (el) {
      var body = el.querySelector('.body');
      var who = el.getAttribute('data-author');
      return ((who ? who + ' ' : '') + (body || el).textContent).toLowerCase();
    });
    days = Array.prototype.slice.call(document.querySelectorAll('#chat .day'));
  }

  function search(term) {
    index();
    var t = term.trim().toLowerCase();
    var n = 0;
    for (var i = 0; i < items.length; i++) {
      var hit = !t || texts[i].indexOf(t) >= 0;
      items[i].classList.toggle('hidden', !hit);
      if (hit) { n++; }
    }
    for (var d = 0; d < days.length; d++) {
      var shown = !t || days[d].querySelector('.msg:not(.hidden), .notice:not(.hidden)') !== null;
      days[d].classList.toggle('hidden', !shown);
    }
    hits.textContent = t ? n + ' of ' + items.length + ' messages' : '';
    highlight(t);
  }

  function highlight(t) {
    if (!window.CSS || !CSS.highlights || typeof Highlight === 'undefined') { return; }
    CSS.highlights.delete('search');
    if (!t) { return; }
    var ranges = [], cap = 5000;
    for (var i = 0; i < items.length && ranges.length < cap; i++) {
      if (items[i].classList.contains('hidden')) { continue; }
      var walker = document.createTreeWalker(items[i].querySelector('.body') || items[i], NodeFilter.SHOW_TEXT);
      for (var node = walker.nextNode(); node && ranges.length < cap; node = walker.nextNode()) {
        var s = node.data.toLowerCase();
        for (var at = s.indexOf(t); at >= 0 && ranges.length < cap; at = s.indexOf(t, at + t.length)) {
          try {
            var r = new Range();
            r.setStart(node, at);
            r.setEnd(node, at + t.length);
            ranges.push(r);
          } catch (e) { break; }
        }
      }
    }
    CSS.highlights.set('search', new Highlight(...ranges));
  }

  function fromHash() {
    var h = location.hash;
    if (h.indexOf('#q=') === 0) {
      var raw = h.slice(3).replace(/\+/g, ' ');
      var term = raw;
      try { term = decodeURIComponent(raw); } catch (e) { /* a malformed %: search the text as written */ }
      q.value = term;
      search(term);
    }
  }

  if (q.form) { q.form.addEventListener('submit', function (e) { e.preventDefault(); }); }
  function remember() {
    try {
      history.replaceState(null, '', q.value ? '#q=' + encodeURIComponent(q.value) : location.pathname + location.search);
    } catch (e) { /* file: pages may refuse; the search still works */ }
  }
  var timer = 0;
  q.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      search(q.value);
      remember();
    }, 120);
  });
  q.addEventListener('keydown', function (e) {
    if (e.key === 'Escape') { q.value = ''; search(''); remember(); }
  });
  window.addEventListener('hashchange', fromHash);
  jump.addEventListener('change', function () {
    var v = jump.value;
    if (!v) { return; }
    index();
    for (var d = 0; d < days.length; d++) {
      if (days[d].id && days[d].id.slice(1) >= v && !days[d].classList.contains('hidden')) {
        days[d].scrollIntoView();
        return;
      }
    }
    if (days.length) { days[days.length - 1].scrollIntoView(); }
  });
  fromHash();
}());
