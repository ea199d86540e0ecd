(function () {
  'use strict';
  // Every value from the data goes into the page as text (textContent, attributes set one by one),
  // never as markup, so a name or message holding "<script>" shows as those characters.
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function isNumeric(col) { return col.type === 'num' || col.type === 'tile' || col.type === 'anchor'; }

  function show(v, col) {
    if (v === null || v === undefined) return '';
    if (col.type === 'num') return Number(v).toFixed(col.digits);
    if (col.type === 'bool') return v ? 'yes' : 'no';
    return String(v);
  }

  // "12..15", "..3", "20..", ">20", ">=20", "<3", "<=3", "=5" or "5"; null when blank, undefined when not understood
  function numericTest(text) {
    var s = text.trim();
    if (!s) return null;
    var m;
    if (s.indexOf('..') >= 0) {
      var parts = s.split('..');
      if (parts.length !== 2) return undefined;
      var lo = parts[0].trim() === '' ? -Infinity : Number(parts[0]);
      var hi = parts[1].trim() === '' ? Infinity : Number(parts[1]);
      if (isNaN(lo) || isNaN(hi)) return undefined;
      return function (v) { return v !== null && v >= lo && v <= hi; };
    }
    m = s.match(/^(<=|>=|<|>|=)?\s*(\S+)$/);
    if (!m) return undefined;
    var x = Number(m[2]);
    if (isNaN(x)) return undefined;
    switch (m[1]) {
      case '<': return function (v) { return v !== null && v < x; };
      case '<=': return function (v) { return v !== null && v <= x; };
      case '>': return function (v) { return v !== null && v > x; };
      case '>=': return function (v) { return v !== null && v >= x; };
      default: return function (v) { return v !== null && v === x; };
    }
  }

  function textTest(text, col) {
    var s = text.trim().toLowerCase();
    if (!s) return null;
    return function (v) { return show(v, col).toLowerCase().indexOf(s) >= 0; };
  }

  function DataTable(root, data) {
    this.root = root;
    this.cols = data.columns;
    this.rows = data.rows;
    this.total = data.total;
    this.pageSize = 50;
    this.page = 0;
    this.sortCol = -1;
    this.sortDir = 1;
    this.tests = this.cols.map(function () { return null; });
    // a stamp or error column with nothing in it (no cutouts made, no tile failed) only takes room
    var rows = this.rows;
    this.shown = this.cols.map(function (col, i) {
      return !(col.type === 'img' || col.key === 'error') || rows.some(function (r) { return r[i] !== null; });
    });
    this.search = null;
    this.order = this.rows.map(function (_, i) { return i; });
    this.view = this.order;
    this.build();
    this.render();
  }

  DataTable.prototype.build = function () {
    var self = this;
    var bar = el('div', 'dt-bar');
    this.searchBox = el('input');
    this.searchBox.type = 'search';
    this.searchBox.placeholder = 'Search all columns';
    this.searchBox.setAttribute('aria-label', 'search all columns');
    this.searchBox.addEventListener('input', debounce(function () {
      var t = self.searchBox.value.trim().toLowerCase();
      self.search = t || null;
      self.refilter();
    }));
    bar.appendChild(this.searchBox);
    this.count = el('span', 'dt-count');
    bar.appendChild(this.count);
    var pager = el('div', 'dt-pager');
    var size = el('select');
    size.setAttribute('aria-label', 'rows per page');
    [25, 50, 100, 250].forEach(function (n) {
      var o = el('option', null, n + ' per page');
      o.value = n;
      if (n === self.pageSize) o.selected = true;
      size.appendChild(o);
    });
    size.addEventListener('change', function () { self.pageSize = Number(size.value); self.page = 0; self.render(); });
    this.first = button('«', 'first page', function () { self.go(0); });
    this.prev = button('‹ Prev', 'previous page', function () { self.go(self.page - 1); });
    this.pageLabel = el('span', 'dt-page');
    this.next = button('Next ›', 'next page', function () { self.go(self.page + 1); });
    this.last = button('»', 'last page', function () { self.go(Infinity); });
    [size, this.first, this.prev, this.pageLabel, this.next, this.last].forEach(function (e) { pager.appendChild(e); });
    bar.appendChild(pager);
    this.root.appendChild(bar);

    var scroll = el('div', 'scroll');
    var table = el('table', 'dt');
    var thead = el('thead');
    var head = el('tr');
    var filters = el('tr', 'filters');
    this.headers = [];
    this.cols.forEach(function (col, i) {
      if (!self.shown[i]) return;
      var th = el('th', isNumeric(col) ? 'num' : null);
      th.dataset.key = col.key;
      if (col.title) th.title = col.title;
      var filter = el('th', null);
      if (col.type !== 'img') {
        th.classList.add('sortable');
        th.tabIndex = 0;
        th.setAttribute('aria-sort', 'none');
        th.addEventListener('click', function () { self.sortBy(i); });
        th.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); self.sortBy(i); } });
        var input = el('input');
        input.type = 'text';
        input.placeholder = isNumeric(col) ? 'range' : 'filter';
        input.title = isNumeric(col) ? 'a..b, >a, <b or a number' : 'text the cell contains';
        input.setAttribute('aria-label', 'filter ' + col.label);
        input.dataset.col = col.key;
        input.addEventListener('input', debounce(function () {
          var test = isNumeric(col) ? numericTest(input.value) : textTest(input.value, col);
          input.classList.toggle('bad', test === undefined);
          self.tests[i] = test || null;
          self.refilter();
        }));
        filter.appendChild(input);
      }
      th.appendChild(el('span', null, col.label));
      th.appendChild(el('span', 'arrow'));
      head.appendChild(th);
      filters.appendChild(filter);
      self.headers.push(th);
    });
    thead.appendChild(head);
    thead.appendChild(filters);
    table.appendChild(thead);
    this.body = el('tbody');
    table.appendChild(this.body);
    scroll.appendChild(table);
    this.root.appendChild(scroll);
  };

  DataTable.prototype.sortBy = function (i) {
    if (this.sortCol === i) {
      this.sortDir = -this.sortDir;
    } else {
      this.sortCol = i;
      this.sortDir = 1;
    }
    var rows = this.rows, dir = this.sortDir, numeric = isNumeric(this.cols[i]);
    this.order = this.rows.map(function (_, k) { return k; });
    this.order.sort(function (a, b) {
      var x = rows[a][i], y = rows[b][i];
      // empty cells last whichever the direction
      if (x === null || y === null) return x === y ? a - b : (x === null ? 1 : -1);
      var c = numeric ? x - y : collator.compare(String(x), String(y));
      return c === 0 ? a - b : dir * c;
    });
    var key = this.cols[i].key;
    this.headers.forEach(function (th) {
      if (!th.classList.contains('sortable')) return;
      var on = th.dataset.key === key;
      th.setAttribute('aria-sort', on ? (dir > 0 ? 'ascending' : 'descending') : 'none');
      th.querySelector('.arrow').textContent = on ? (dir > 0 ? '▲' : '▼') : '';
    });
    this.refilter(true);
  };

  DataTable.prototype.refilter = function (keepPage) {
    var rows = this.rows, tests = this.tests, cols = this.cols, search = this.search;
    var active = tests.some(function (t) { return t; }) || search;
    this.view = !active ? this.order : this.order.filter(function (k) {
      var r = rows[k];
      for (var i = 0; i < tests.length; i++) {
        if (tests[i] && !tests[i](r[i])) return false;
      }
      if (search) {
        for (var j = 0; j < cols.length; j++) {
          if (cols[j].type !== 'img' && show(r[j], cols[j]).toLowerCase().indexOf(search) >= 0) return true;
        }
        return false;
      }
      return true;
    });
    if (!keepPage) this.page = 0;
    this.render();
  };

  DataTable.prototype.pages = function () { return Math.max(1, Math.ceil(this.view.length / this.pageSize)); };

  DataTable.prototype.go = function (p) {
    this.page = Math.max(0, Math.min(this.pages() - 1, p));
    this.render();
  };

  DataTable.prototype.render = function () {
    this.page = Math.min(this.page, this.pages() - 1);
    var from = this.page * this.pageSize, to = Math.min(this.view.length, from + this.pageSize);
    var frag = document.createDocumentFragment();
    for (var n = from; n < to; n++) frag.appendChild(this.renderRow(this.rows[this.view[n]]));
    if (to === from) {
      var tr = el('tr');
      var td = el('td', 'dt-empty', this.rows.length ? 'No row matches the filters.' : 'No rows.');
      td.colSpan = this.headers.length;
      tr.appendChild(td);
      frag.appendChild(tr);
    }
    this.body.replaceChildren(frag);
    var shown = this.view.length === 0 ? '0 rows' : (from + 1).toLocaleString('en') + '–' + to.toLocaleString('en') + ' of '
      + this.view.length.toLocaleString('en') + (this.view.length === 1 ? ' row' : ' rows');
    if (this.view.length !== this.rows.length) shown += ' (filtered from ' + this.rows.length.toLocaleString('en') + ')';
    if (this.total !== undefined && this.total > this.rows.length) {
      shown += '; the page keeps the best ' + this.rows.length.toLocaleString('en') + ' of ' + this.total.toLocaleString('en')
        + ', dashboard/anomalies_minimal.csv has them all';
    }
    this.count.textContent = shown;
    this.pageLabel.textContent = 'page ' + (this.page + 1).toLocaleString('en') + ' of ' + this.pages().toLocaleString('en');
    this.first.disabled = this.prev.disabled = this.page === 0;
    this.next.disabled = this.last.disabled = this.page >= this.pages() - 1;
  };

  DataTable.prototype.renderRow = function (r) {
    var tr = el('tr');
    for (var i = 0; i < this.cols.length; i++) {
      if (!this.shown[i]) continue;
      var col = this.cols[i], v = r[i], td;
      if (col.type === 'img') {
        td = el('td', 'img');
        if (isRelative(v)) {
          var a = el('a');
          a.href = v;
          var img = el('img');
          img.loading = 'lazy';
          img.width = 64;
          img.height = 64;
          img.alt = 'cutout';
          img.src = v;
          a.appendChild(img);
          td.appendChild(a);
        } else {
          td.appendChild(el('span', 'noimg', 'no stamp'));
        }
      } else if (col.type === 'tile' || col.type === 'anchor') {
        td = el('td', 'num');
        if (v !== null) {
          if (col.type === 'anchor') tr.id = 'tile-' + v;
          var link = el('a', null, String(v));
          link.href = '#tile-' + v;
          link.dataset.tile = v;
          td.appendChild(link);
        }
      } else if (col.type === 'status') {
        td = el('td');
        if (v !== null) td.appendChild(el('span', 'badge ' + (v === 'ok' ? 'ok' : 'failed'), v));
      } else if (col.key === 'error') {
        td = el('td', 'err', v);
      } else {
        td = el('td', isNumeric(col) ? 'num' : null, show(v, col));
      }
      tr.appendChild(td);
    }
    return tr;
  };

  // Shows the row with this first-column value: clears filters that hide it and turns to its page.
  DataTable.prototype.reveal = function (id) {
    var k = -1;
    for (var i = 0; i < this.rows.length; i++) if (String(this.rows[i][0]) === id) { k = i; break; }
    if (k < 0) return null;
    if (this.view.indexOf(k) < 0) {
      this.tests = this.tests.map(function () { return null; });
      this.search = null;
      this.searchBox.value = '';
      this.root.querySelectorAll('tr.filters input').forEach(function (input) { input.value = ''; input.classList.remove('bad'); });
      this.refilter();
    }
    this.go(Math.floor(this.view.indexOf(k) / this.pageSize));
    var row = document.getElementById('tile-' + id);
    if (row) {
      row.classList.add('hl');
      row.scrollIntoView({ block: 'center' });
    }
    return row;
  };

  // stamps are files in the run folder: a scheme (javascript:, http:) or an absolute path is not one
  function isRelative(v) {
    return typeof v === 'string' && v !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(v) && v.charAt(0) !== '/' && v.charAt(0) !== '\\';
  }

  function button(text, label, onClick) {
    var b = el('button', null, text);
    b.type = 'button';
    b.setAttribute('aria-label', label);
    b.addEventListener('click', onClick);
    return b;
  }

  function debounce(f) {
    var t = null;
    return function () {
      clearTimeout(t);
      t = setTimeout(f, 120);
    };
  }

  var tables = {};
  document.querySelectorAll('.datatable').forEach(function (root) {
    var source = document.getElementById(root.dataset.source);
    var noscript = root.querySelector('noscript');
    if (noscript) noscript.remove();
    tables[root.id] = new DataTable(root, JSON.parse(source.textContent));
  });
  window.skysiftTables = tables;

  function revealTile(hash) {
    var m = /^#tile-(\d+)$/.exec(hash);
    if (!m || !tables['tiles-table']) return;
    document.querySelectorAll('tr.hl').forEach(function (r) { r.classList.remove('hl'); });
    tables['tiles-table'].reveal(m[1]);
  }
  document.addEventListener('click', function (e) {
    var a = e.target.closest && e.target.closest('a[data-tile]');
    if (!a || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
    e.preventDefault();
    var hash = '#tile-' + a.dataset.tile;
    if (location.hash !== hash) history.pushState(null, '', hash);
    revealTile(hash);
  });
  window.addEventListener('hashchange', function () { revealTile(location.hash); });
  if (location.hash) revealTile(location.hash);
})();
