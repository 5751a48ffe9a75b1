// SCORM 2004 API discovery as ADL's sample run-time describes it: this window and its
// parents, then the opener's.
function findAPI2004(win) {
  var tries = 0;
  while (!win.API_1484_11 && win.parent && win.parent !== win && tries < 500) {
    tries++;
    win = win.parent;
  }
  return win.API_1484_11 || (window.opener && window.opener.API_1484_11) || null;
}
