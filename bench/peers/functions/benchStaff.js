// SPDX-License-Identifier: Apache-2.0
// R12, R13, R14 of bench/CHECKS.md: counts over the staff list.
// Spectral custom function (bench/peers/spectral.yaml); given: $.station,
// functionOptions: {check: R12 | R13 | R14}.  Values are compared as the XML
// form's text would be: a certificate level counts when it is present and
// not empty (null is empty).
function text(v) {
  return v === null || v === undefined ? '' : String(v);
}

function certified(s) {
  return s !== null && typeof s === 'object' && s.certificate !== null &&
    typeof s.certificate === 'object' && text(s.certificate.level) !== '';
}

export default function benchStaff(station, options) {
  if (station === null || typeof station !== 'object') return;
  let staff = station.staff;
  if (staff === undefined || staff === null) staff = [];
  else if (!Array.isArray(staff)) staff = [staff];
  const check = options && options.check;
  if (check === 'R12') {
    const n = staff.filter((s) => s !== null && typeof s === 'object' && s.employment === 'full_time').length;
    if (n < 2) return [{ message: `${n} full-time staff, fewer than 2`, path: ['station', 'staff'] }];
  } else if (check === 'R13') {
    const n = staff.filter(certified).length;
    if (n < 2) return [{ message: `${n} certified staff, fewer than 2`, path: ['station', 'staff'] }];
  } else if (check === 'R14') {
    const q = staff.filter((s) => certified(s) ||
      (s !== null && typeof s === 'object' && s.degree !== null && typeof s.degree === 'object' &&
       s.degree.major === 'social_work')).length;
    if (2 * q < staff.length) {
      return [{ message: `${q}/${staff.length} staff qualified, fewer than half`, path: ['station', 'staff'] }];
    }
  }
}
