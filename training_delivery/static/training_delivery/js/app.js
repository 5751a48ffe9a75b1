// The trainer app (decision 0015): screens, signing in and out, and when to sync.
// Screens are chosen by the address's #fragment, which never reaches the server, so the
// one cached shell serves them all offline.

import { NetworkError, tokenObtain } from "./api.js";
import {
  ON_SERVER,
  REFUSED,
  SAVED,
  forgetEverything,
  groupsAll,
  metaGet,
  modulesFor,
  photosAll,
  sessionCopyAsNew,
  sessionDelete,
  sessionsAll,
  signedIn,
  unsentCount,
} from "./data.js";
import { formOpen } from "./form.js";
import { groupWorkGroups, groupWorkRoute, groupWorkUnsent } from "./group-work.js";
import { inspectionFormOpen, inspectionsHomeFill } from "./inspections.js";
import { inspectionsUnsent } from "./inspections-data.js";
import { getAll } from "./db.js";
import { contentAll, contentGet, forgetImages, storage, storageEstimate } from "./modules.js";
import { onSyncChange, state as syncState, sync, syncOnline } from "./sync.js";
import { appConfig, el, fill, formatDate, formatTime, newUuid, t } from "./util.js";

const config = appConfig();
const $ = (id) => document.getElementById(id);
const SCREENS = ["sign-in", "home", "form", "sign-out", "module", "group-work", "walk", "inspect", "grievance"];
const GROUP_WORK = /^#(group-work|assess\/|plan-item\/)/;
const methodNames = new Map(config.methods);

let flash = ""; // a message for the next time the list is shown

function show(name) {
  // A draw overtaken by a later route() leaves the screen to that one (see route()).
  if (drawn !== requested) return;
  $("app-loading").hidden = true;
  SCREENS.forEach((screen) => {
    // Another app's screen may be absent.
    if ($(`screen-${screen}`)) $(`screen-${screen}`).hidden = screen !== name;
  });
  window.scrollTo(0, 0);
}

// Screens are drawn one at a time, and the latest request wins.
//
// A screen is drawn over several awaits (IndexedDB reads, a lazy module, the storage
// estimate) into the page's elements, and route() is called on every hashchange, after
// signing in and out, after a sync and by the home screen's buttons. Unserialised, a
// slower draw showed its screen last, over the one the address names: a session form
// opened just after a reload was covered by the home screen still being drawn
// (tests/browser/test_trainer_app.py, ..._is_not_covered_by_the_home_screen_drawn_before).
//
// Why "wait for the previous draw" rather than "draw at once and drop the earlier one":
// the screens are shared elements filled in place (one form filled per session, one
// list), so two draws running at once could interleave their writes into the same
// screen (#edit/a then #edit/b: a form holding some of each). Waiting keeps one writer
// at a time; a draw takes milliseconds, so waiting costs little.
// Why the latest wins: the address (#fragment) is the app's state and the trainer's last
// choice, so a request overtaken before its turn is not drawn at all, and a draw
// overtaken while it runs finishes filling its (hidden) screen but does not show it.
let drawing = Promise.resolve(); // the draw running or last run
let requested = 0; // the latest route() call
let drawn = 0; // the call being drawn (or last drawn)
let busy = false; // a draw is running

function route() {
  const ticket = ++requested;
  const draw = drawing.then(() => {
    if (ticket !== requested) return undefined; // overtaken before its turn
    drawn = ticket;
    busy = true;
    return routeDraw().finally(() => {
      busy = false;
    });
  });
  // A failed draw (reported to its caller) does not stop the ones after it. One that
  // never ended would (no time limit: every draw reads IndexedDB first, so what stops
  // one, a database blocked by another tab, stops them all anyway).
  drawing = draw.catch(() => {});
  return draw;
}

async function routeDraw() {
  const token = await metaGet("token");
  const hash = window.location.hash;
  if (hash) flash = "";
  if (!token) {
    await signInShow();
  } else if (hash === "#new" || hash.startsWith("#edit/")) {
    const uuid = hash === "#new" ? null : decodeURIComponent(hash.slice(6));
    if (await formOpen(uuid, sessionSaved)) {
      show("form");
    } else {
      flash = t("cannotEdit");
      window.location.hash = "";
    }
  } else if (hash === "#inspect") {
    // An internal inspection (issue 21, point 3): js/inspections.js.
    if (await inspectionFormOpen(inspectionSaved)) show("inspect");
    else window.location.hash = "";
  } else if (hash === "#sign-out") {
    await signOutShow();
  } else if (GROUP_WORK.test(hash)) {
    await groupWorkRoute(hash, groupWorkSaved);
    show("group-work");
  } else if (hash === "#grievance" && (await (await import("./grievances.js")).grievanceOpen())) {
    show("grievance");
  } else if (hash.startsWith("#module/")) {
    await moduleShow(Number(hash.slice(8)));
  } else if (hash === "#walk" && config.api.plots) {
    // Loaded when first opened, not with the app (views.APP_LAZY_MODULES).
    const { plotWalkShow } = await import("./plots.js");
    await plotWalkShow(plotSaved);
    show("walk");
  } else {
    await homeShow();
  }
}

function plotSaved() {
  flash = t("walkSaved");
  window.location.hash = "";
  sync();
}

function sessionSaved() {
  flash = t("saved");
  window.location.hash = "";
  sync();
}

// Group work (js/group-work.js): back to its list, which shows what waits to be sent.
function groupWorkSaved() {
  if (window.location.hash === "#group-work") route();
  else window.location.hash = "#group-work";
  sync();
}

function inspectionSaved() {
  flash = t("inspectionSaved");
  window.location.hash = "";
  sync();
}

// --- Signing in and out -------------------------------------------------------------

async function signInShow() {
  const username = await metaGet("username");
  if (username) $("sign-in-username").value = username;
  const error = $("sign-in-error");
  const problem = syncState.problem;
  error.hidden = problem !== "signedOut" && problem !== "revoked";
  error.textContent = problem === "signedOut" ? t("syncSignedOut") : problem === "revoked" ? t("deviceRevoked") : "";
  show("sign-in");
}

async function signIn(event) {
  event.preventDefault();
  const error = $("sign-in-error");
  const username = $("sign-in-username").value.trim();
  const password = $("sign-in-password").value;
  const say = (message) => {
    error.textContent = message;
    error.hidden = false;
  };
  if (!username || !password) {
    say(t("signInFailed"));
    return;
  }
  // Sessions kept on the phone are sent under the signed-in trainer's name: another
  // person must not send them as their own.
  const keptFor = await metaGet("username");
  if (keptFor && keptFor.toLowerCase() !== username.toLowerCase()) {
    say(t("otherUser", { username: keptFor }));
    return;
  }
  let response;
  try {
    response = await tokenObtain(username, password);
  } catch (offline) {
    if (!(offline instanceof NetworkError)) throw offline;
    say(t("signInOffline"));
    return;
  }
  if (response.status === 200 && response.data && response.data.token) {
    await signedIn(response.data.token, username);
    $("sign-in-password").value = "";
    error.hidden = true;
    syncState.problem = null;
    window.location.hash = "";
    await route();
    syncOnline();
  } else if (response.status === 429) {
    say(t("signInThrottled"));
  } else {
    // The server's own sentence ("Unable to log in…") comes from Django REST framework,
    // which has no Burmese catalogue: the app's sentence says the same in every language.
    say(t("signInFailed"));
  }
}

async function signOutShow() {
  const count =
    (await unsentCount()) +
    (await groupWorkUnsent()) +
    (await inspectionsUnsent()) +
    (await getAll("grievances")).filter((g) => g.status !== "on_server").length;
  const warning = $("sign-out-warning");
  warning.textContent = count ? t("unsentWarning", { count }) : t("nothingUnsent");
  warning.classList.toggle("notice--error", count > 0);
  show("sign-out");
}

async function signOut() {
  await forgetEverything();
  await forgetImages();
  flash = "";
  window.location.hash = "";
  await route();
}

// --- The list of sessions -------------------------------------------------------------

function statusOf(session) {
  if (syncState.sending.has(session.uuid)) return ["sending", t("statusSending")];
  if (session.status === ON_SERVER) return ["on-server", t("statusOnServer")];
  if (session.status === REFUSED) return ["refused", t("statusRefused", { message: session.message })];
  return ["saved", t("statusSaved")];
}

function sessionItem(session, photos) {
  const payload = session.payload;
  const [kind, label] = statusOf(session);
  const waiting = photos.filter((photo) => photo.status === "waiting").length;
  const refusedPhotos = photos.filter((photo) => photo.status === "refused");
  const actions = [];
  const editable = !syncState.sending.has(session.uuid) && (session.status === SAVED || (session.status === REFUSED && session.code !== 409));
  if (editable) {
    actions.push(
      el("a", { className: "button button--secondary", href: `#edit/${session.uuid}` }, [
        session.status === REFUSED ? t("correct") : t("editSession"),
      ])
    );
  }
  if (session.status === REFUSED && session.code === 409) {
    actions.push(el("p", { className: "muted" }, [t("conflictHelp")]));
    actions.push(
      el("button", {
        type: "button",
        className: "button",
        onclick: async () => {
          await sessionCopyAsNew(session.uuid, newUuid());
          sync();
          route();
        },
      }, [t("saveAsNew")])
    );
  }
  if (session.status === REFUSED) {
    actions.push(
      el("button", {
        type: "button",
        className: "button button--secondary",
        onclick: async () => {
          // A plain question in the phone's own dialog.
          if (window.confirm(t("confirmDelete"))) {
            await sessionDelete(session.uuid);
            route();
          }
        },
      }, [t("delete")])
    );
  }
  const times = `${payload.starts_at}–${payload.ends_at}`;
  return el("li", { className: `session session--${kind}`, dataset: { uuid: session.uuid } }, [
    el("p", { className: "session__title" }, [session.summary ? session.summary.groupName : `#${payload.group}`]),
    el("p", { className: "session__meta" }, [`${formatDate(payload.date)} · ${times} · ${methodNames.get(payload.method) || payload.method}`]),
    el("p", { className: "session__meta" }, [
      session.summary ? session.summary.moduleTitles.join(", ") : t("modulesCovered", { count: payload.modules.length }),
    ]),
    el("p", { className: "session__meta" }, [t("attended", { count: session.summary ? session.summary.attendees : "" })]),
    el("p", { className: `status status--${kind}` }, [label]),
    waiting ? el("p", { className: "session__meta" }, [t("photosWaiting", { count: waiting })]) : null,
    ...refusedPhotos.map((photo) => el("p", { className: "status status--refused" }, [t("photoRefused", { message: photo.message })])),
    actions.length ? el("div", { className: "actions" }, actions) : null,
  ]);
}

function syncStatusText(lastSync) {
  const problem = syncState.problem;
  if (syncState.running) return t("syncRunning");
  if (problem === "offline") return t("syncOffline");
  if (problem === "unreachable") return t("syncRetry", { time: formatTime(syncState.retryAt) });
  if (problem && problem.status) return t("syncServerError", { status: problem.status });
  return lastSync ? t("syncLast", { time: formatTime(lastSync) }) : t("syncNever");
}

async function homeShow() {
  const [username, lastSync, groups, sessions, photos, workGroups] = await Promise.all([
    metaGet("username"),
    metaGet("lastSync"),
    groupsAll(),
    sessionsAll(),
    photosAll(),
    groupWorkGroups(),
  ]);
  // A group's manager may use the app for group work only (issue 18, point 2).
  $("group-work-link").hidden = !workGroups.length;
  $("account-name").textContent = t("signedInAs", { username: username || "" });
  $("sync-status").textContent = syncStatusText(lastSync);
  $("sync-now").disabled = syncState.running;
  // Someone who inspects groups without training them is not told they have no group.
  const inspecting = await inspectionsHomeFill(route);
  const notice = $("home-notice");
  const advice = !lastSync
    ? t("firstDownload")
    : !groups.length && !workGroups.length && !inspecting
      ? t("noGroups")
      : "";
  notice.textContent = [flash, advice].filter(Boolean).join(" ");
  notice.hidden = !notice.textContent;
  $("record").hidden = !groups.length;
  $("walk-link").hidden = !groups.length || !config.api.plots;
  $("walk-link").textContent = t("walkTitle");
  const photosBySession = new Map();
  photos.forEach((photo) => {
    photosBySession.set(photo.session, (photosBySession.get(photo.session) || []).concat([photo]));
  });
  const list = $("session-list");
  if (sessions.length) {
    fill(list, ...sessions.map((session) => sessionItem(session, photosBySession.get(session.uuid) || [])));
  } else {
    fill(list, el("li", { className: "muted" }, [t("noSessions")]));
  }
  await modulesListShow(groups);
  show("home");
}

// --- Modules kept on the phone (decision 0023) -------------------------------------------

async function moduleShow(id) {
  const content = await contentGet(id);
  const article = $("module-article");
  if (content) {
    // The server's own rendering of its block templates; the page's policy lets no
    // script in it run.
    article.innerHTML = content.html;
    if (content.h5p && content.h5p.length) {
      (await import("./h5p-offline.js")).h5pMount(article, id, () => sync());
    }
  } else {
    fill(article, el("p", { className: "notice" }, [t("moduleNotKept")]));
  }
  show("module");
}

function megabytes(bytes) {
  return (bytes / (1024 * 1024)).toFixed(1);
}

async function modulesListShow(groups) {
  const kept = new Set((await contentAll()).map((item) => item.id));
  const items = [];
  const seen = new Set();
  for (const group of groups) {
    (await modulesFor(group, config.language)).forEach((module) => {
      if (seen.has(module.id) || !kept.has(module.id)) return;
      seen.add(module.id);
      items.push(
        el("li", {}, [
          el("a", { href: `#module/${module.id}` }, [[module.code, module.title].filter(Boolean).join(" ")]),
        ])
      );
    });
  }
  fill($("module-list"), ...(items.length ? items : [el("li", { className: "muted" }, [t("noModulesKept")])]));
  const estimate = await storageEstimate();
  const parts = [];
  if (estimate && estimate.quota) {
    parts.push(t("storageUsed", { used: megabytes(estimate.usage || 0), quota: megabytes(estimate.quota) }));
  }
  if (storage.full) parts.push(t("storageFull"));
  $("storage-status").textContent = parts.join(" ");
  $("storage-status").classList.toggle("notice--error", storage.full);
}

// --- Start ------------------------------------------------------------------------------

function refreshIfListed() {
  // Signed out by the server: to the sign-in screen, unless a session is being written.
  if (syncState.problem === "revoked") route();
  else if (syncState.problem === "signedOut" && $("screen-form").hidden && $("screen-inspect").hidden) route();
  // The home screen again; or the screen being drawn, which may have read what just
  // changed before the change and is not shown yet (a session "Sending…" for ever).
  else if (!$("screen-home").hidden || busy) route();
  else if (!$("screen-group-work").hidden && window.location.hash === "#group-work") route();
  else if ($("screen-grievance") && !$("screen-grievance").hidden) import("./grievances.js").then((m) => m.grievanceOpen());
}

// Each language's app has its own worker (decision 0015). Once the groups are known, the
// app installs the workers of every language their countries use, so switching language
// works offline after one sign-in (decision 0023). Registering an installed worker again
// only checks it for an update.
const registeredLanguages = new Set();

async function languagesKeep() {
  if (!("serviceWorker" in navigator)) return;
  const groups = await groupsAll();
  const wanted = new Set();
  groups.forEach((group) => (group.languages || []).forEach((code) => wanted.add(code)));
  wanted.forEach((code) => {
    const scope = config.appScopes[code];
    if (!scope || code === config.language || registeredLanguages.has(code)) return;
    registeredLanguages.add(code);
    navigator.serviceWorker.register(`${scope}sw.js`, { scope }).catch(() => {
      registeredLanguages.delete(code); // tried again after the next sync
    });
  });
}

async function start() {
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(config.serviceWorker, { scope: config.scope }).catch(() => {
      // Without a worker the app still works while the page is open; nothing to tell.
    });
  }
  onSyncChange((state) => {
    if (!state.running && !state.problem) languagesKeep();
  });
  $("sign-in-form").addEventListener("submit", (event) => {
    signIn(event).catch((error) => {
      $("sign-in-error").textContent = String(error);
      $("sign-in-error").hidden = false;
    });
  });
  $("sign-out").addEventListener("click", () => {
    window.location.hash = "#sign-out";
  });
  $("sign-out-confirm").addEventListener("click", signOut);
  $("sync-now").addEventListener("click", () => syncOnline());
  $("module-print").addEventListener("click", () => window.print());
  window.addEventListener("hashchange", route);
  document.addEventListener("backpack:grievance-saved", () => sync());
  window.addEventListener("online", () => syncOnline());
  window.addEventListener("offline", refreshIfListed);
  onSyncChange(refreshIfListed);
  await route();
  sync();
}

start().catch((error) => {
  $("app-loading").textContent = String(error);
  $("app-loading").hidden = false;
});
