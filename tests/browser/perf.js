// Timings of the HTML report at scale, run by html.sh after the page's
// own script: the load event, a grade filter, a severity filter and a
// sort by score, each until the layout is done.  Writes JSON into
// <pre id="sa-perf"> for perf.py.
window.addEventListener('load', function () {
	'use strict';
	var d = document, res = {};
	var t = performance.timing;
	var time = function (f) {
		var t0 = performance.now();
		f();
		void d.body.offsetHeight;
		return performance.now() - t0;
	};
	var set = function (id, v) {
		var el = d.getElementById(id);
		el.value = v;
		el.dispatchEvent(new Event('change'));
	};
	var shown = function () {
		return Number(d.getElementById('f-shown').getAttribute('data-shown'));
	};
	res.load = t.loadEventStart - t.navigationStart;
	res.total = shown();
	res.grade = time(function () { set('f-grade', 'excellent'); });
	res.gradeShown = shown();
	res.gradeReset = time(function () { set('f-grade', ''); });
	res.sev = time(function () { set('f-sev', 'critical'); });
	res.sevShown = shown();
	set('f-sev', '');
	var th = d.querySelectorAll('#stations-table thead th')[4];
	res.sort = time(function () { th.click(); });
	res.sortAgain = time(function () { th.click(); });
	var pre = d.createElement('pre');
	pre.id = 'sa-perf';
	pre.textContent = JSON.stringify(res);
	d.body.appendChild(pre);
});
