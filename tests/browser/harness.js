/*
 * harness.js - injected (by html.sh, into a test copy only) at the end of
 * the HTML report, after the report's own script.  It records what the
 * page shows as JSON in <pre id="sa-test">, which `chromium --dump-dom`
 * prints and check.py reads: what the #fragment filter left visible,
 * then the results of driving the filters and the column sorting the way
 * a person would (setting controls, firing their events, clicking).
 */
(function () {
	'use strict';
	var d = document, res = {};
	var table = d.getElementById('stations-table');
	var rows = function () {
		return Array.prototype.slice.call(table.tBodies[0].rows);
	};
	var shownIds = function () {
		return rows().filter(function (r) { return !r.hidden; })
			.map(function (r) { return r.cells[1].textContent; });
	};
	var q = d.getElementById('f-q'), g = d.getElementById('f-grade'),
	    s = d.getElementById('f-sev');
	var card = function (id) {
		var e = d.querySelector('#card-' + id + ' .v');
		return e ? e.textContent : null;
	};
	var bars = function (id) {
		var out = {};
		d.querySelectorAll('#' + id + ' g').forEach(function (e) {
			out[e.querySelector('text').textContent] =
				Number(e.getAttribute('data-value'));
		});
		return out;
	};
	var set = function (el, v, ev) {
		el.value = v;
		el.dispatchEvent(new Event(ev));
	};

	res.alerted = d.documentElement.hasAttribute('data-alerted');
	res.scripts = d.scripts.length;
	res.jsClass = d.documentElement.classList.contains('js');
	res.lang = d.documentElement.lang;
	res.rows = rows().length;
	res.hashShown = shownIds();
	res.hashQuery = q.value;
	res.hashCounter = d.getElementById('f-shown').textContent;
	res.cards = {
		records: card('records'), passed: card('passed'),
		failing: card('failing'),
		files: card('files'), unreadable: card('unreadable')
	};
	res.gradeBars = bars('chart-grades');
	res.sevBars = bars('chart-severity');
	res.names = {};
	rows().forEach(function (r) {
		res.names[r.cells[1].textContent] = r.cells[2].firstChild ?
			r.cells[2].firstChild.nodeValue : null;
	});
	res.rulesRows = d.querySelectorAll('#rules-table tbody tr').length;
	res.counties = {};
	res.countyNames = {};
	d.querySelectorAll('#counties-table tbody tr').forEach(function (r) {
		var code = r.cells[0].firstChild.nodeValue.trim(),
		    name = r.cells[0].querySelector('.name');
		res.counties[code] = Number(r.cells[1].textContent);
		res.countyNames[code] = name ? name.textContent : null;
	});
	res.unreadableRows = d.querySelectorAll('#unreadable-table tbody tr').length;
	res.resources = performance.getEntriesByType('resource')
		.map(function (e) { return e.name; });
	res.outside = [];
	d.querySelectorAll('[src],[href],[action],[srcset],[poster],[data]')
		.forEach(function (e) {
			['src', 'href', 'action', 'srcset', 'poster', 'data']
				.forEach(function (a) {
					var v = e.getAttribute(a);
					if (v !== null && v.charAt(0) !== '#')
						res.outside.push(e.tagName + ' ' + a + '=' + v);
				});
		});

	/* Drive the controls: selects filter at once, the text box after a
	 * short pause (it waits for typing to stop). */
	set(q, '', 'input');
	set(g, 'excellent', 'change');
	res.gradeExcellent = shownIds();
	set(g, '', 'change');
	set(s, 'critical', 'change');
	res.sevCritical = shownIds();
	set(s, 'none', 'change');
	res.sevNone = shownIds();
	set(s, 'any', 'change');
	res.sevAny = shownIds();
	set(s, '', 'change');
	res.afterReset = shownIds().length;

	/* Sorting: the score column, ascending then descending. */
	var scoreTh = table.tHead.rows[0].cells[4];
	var scores = function () {
		return rows().map(function (r) {
			return Number(r.cells[4].getAttribute('data-v'));
		});
	};
	scoreTh.click();
	res.sortAsc = scores();
	res.sortAscAria = scoreTh.getAttribute('aria-sort');
	scoreTh.click();
	res.sortDesc = scores();
	table.tHead.rows[0].cells[0].click();
	res.sortSeq = rows().map(function (r) { return Number(r.cells[0].textContent); });

	set(q, 'SY-FU-03', 'input');
	setTimeout(function () {
		res.typed = shownIds();
		res.typedHash = location.hash;
		var pre = d.createElement('pre');
		pre.id = 'sa-test';
		pre.textContent = JSON.stringify(res);
		d.body.appendChild(pre);
	}, 600);
})();
