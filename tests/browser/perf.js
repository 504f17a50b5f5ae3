// SPDX-License-Identifier: Apache-2.0
// Timings of the HTML report at scale, run by scale.sh after the page's
// own script: the load event, then a grade filter, a severity filter, a
// text filter and sorts by score and by name, each until the layout is
// done.  Writes JSON into <pre id="sa-perf"> for scale.sh.
window.addEventListener('load', function () {
	'use strict';
	var d = document, res = {};
	var nav = performance.getEntriesByType('navigation')[0];
	var time = function (f) {
		var t0 = performance.now();
		f();
		void d.body.offsetHeight;
		return performance.now() - t0;
	};
	var set = function (id, v, ev) {
		var el = d.getElementById(id);
		el.value = v;
		el.dispatchEvent(new Event(ev || 'change'));
	};
	var shown = function () {
		return Number(d.getElementById('f-shown').getAttribute('data-shown'));
	};
	var th = function (i) {
		return d.querySelectorAll('#stations-table thead th')[i];
	};
	res.load = nav ? nav.loadEventStart : performance.timing.loadEventStart -
		performance.timing.navigationStart;
	res.interactive = nav ? nav.domInteractive : 0;
	res.dcl = nav ? nav.domContentLoadedEventEnd : 0;
	// The text filter's index, built by the page's own load listener
	// (before this one): scale.sh counts it with the load event.
	var idx = performance.getEntriesByName('sa-index', 'measure')[0];
	res.index = idx ? idx.duration : -1;
	res.total = shown();
	res.rowsInDom = d.querySelectorAll('#stations-table tbody tr').length;
	res.grade = time(function () { set('f-grade', 'excellent'); });
	res.gradeShown = shown();
	res.gradeReset = time(function () { set('f-grade', ''); });
	res.sev = time(function () { set('f-sev', 'critical'); });
	res.sevShown = shown();
	set('f-sev', '');
	// The text box waits for typing to stop: time what it then runs.
	d.getElementById('f-q').value = '第 1 号';
	res.text = time(function () { set('f-sev', ''); });
	res.textShown = shown();
	d.getElementById('f-q').value = '';
	set('f-sev', '');
	res.sort = time(function () { th(5).click(); });
	res.sortAgain = time(function () { th(5).click(); });
	res.sortName = time(function () { th(3).click(); });
	res.sortRank = time(function () { th(1).click(); });
	res.firstRank = d.querySelector('#stations-table tbody tr.st')
		.cells[1].getAttribute('data-v');
	var pre = d.createElement('pre');
	pre.id = 'sa-perf';
	pre.textContent = JSON.stringify(res);
	d.body.appendChild(pre);
});
