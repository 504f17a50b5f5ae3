// SPDX-License-Identifier: Apache-2.0
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
	/* The station rows the page shows (a page of 100: all of them
	 * here), not the detail rows under them. */
	var rows = function () {
		return Array.prototype.slice.call(table.tBodies[0].rows)
			.filter(function (r) { return r.className === 'st'; });
	};
	var shownIds = function () {
		return rows().map(function (r) { return r.cells[2].textContent; });
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
	res.scoreBars = bars('chart-scores');
	res.countyMix = {};
	d.querySelectorAll('#chart-county-mix g').forEach(function (e) {
		res.countyMix[e.getAttribute('data-code')] = {
			name: e.querySelector('text').textContent,
			grades: e.getAttribute('data-grades'),
			rects: e.querySelectorAll('rect').length
		};
	});
	res.topRules = [];
	d.querySelectorAll('#top-rules tbody tr').forEach(function (r) {
		res.topRules.push([r.cells[0].textContent, Number(r.cells[2].textContent),
			r.cells[3].querySelector('a').getAttribute('href')]);
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
	res.rows = rows().length;
	res.names = {};
	res.ranks = {};
	rows().forEach(function (r) {
		var id = r.cells[2].textContent, c = r.cells[3].firstChild;
		res.names[id] = c ? (c.nodeType === 3 ? c.nodeValue : c.textContent) : null;
		res.ranks[id] = [r.cells[1].getAttribute('data-v'),
			r.cells[1].querySelector('.muted') ?
			r.cells[1].querySelector('.muted').textContent : null];
	});

	/* The detail view of the first station: every finding, grouped by
	 * status, problems open and passes folded. */
	var first = rows()[0];
	res.detailId = first.cells[2].textContent;
	first.cells[0].querySelector('button').click();
	var det = table.querySelector('tr.detail');
	res.detail = det ? {
		groups: Array.prototype.map.call(det.querySelectorAll('details.fg'),
			function (g) {
				return [g.className.replace('fg fg-', ''), g.open,
					g.querySelectorAll('li').length];
			}),
		fixes: det.querySelectorAll('li').length,
		after: det.previousSibling === rows()[0]
	} : null;
	rows()[0].click();
	res.detailClosed = table.querySelectorAll('tr.detail').length;

	/* The drill-down: the one province opens by itself. */
	res.drill = Array.prototype.map.call(
		d.querySelectorAll('#drill tr[data-code]'), function (r) {
			return [r.getAttribute('data-code'),
				r.cells[0].childNodes[1] ? r.cells[0].childNodes[1].textContent : '',
				Number(r.cells[1].textContent),
				r.cells[5] ? r.cells[5].textContent : null,
				r.className];
		});

	/* Sorting: the score column, ascending then descending. */
	var scoreTh = table.tHead.rows[0].cells[5];
	var scores = function () {
		return rows().map(function (r) {
			return Number(r.cells[5].getAttribute('data-v'));
		});
	};
	scoreTh.click();
	res.sortAsc = scores();
	res.sortAscAria = scoreTh.getAttribute('aria-sort');
	scoreTh.click();
	res.sortDesc = scores();
	table.tHead.rows[0].cells[0].click();
	res.sortSeq = rows().map(function (r) { return Number(r.cells[0].textContent); });

	table.tHead.rows[0].cells[1].click();
	res.sortRank = rows().map(function (r) {
		return Number(r.cells[1].getAttribute('data-v') || 1e9);
	});
	table.tHead.rows[0].cells[0].click();

	set(q, 'SY-FU-03', 'input');
	setTimeout(function () {
		res.typed = shownIds();
		res.typedHash = location.hash;
		set(q, '', 'input');
		location.hash = '#rule=SY-FU-03';
	}, 400);
	setTimeout(function () {
		res.ruleShown = shownIds();
		location.hash = '#region=420303';
	}, 800);
	setTimeout(function () {
		res.regionShown = shownIds();
		var pre = d.createElement('pre');
		pre.id = 'sa-test';
		pre.textContent = JSON.stringify(res);
		d.body.appendChild(pre);
	}, 1200);
})();
