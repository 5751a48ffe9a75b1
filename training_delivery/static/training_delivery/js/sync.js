// Sync (decision 0015): sessions up, then their photos, then groups, rosters and modules
// down. One run at a time, on this page and across the app's tabs, so a session is
// never in two uploads at once; a run asked for during another follows it. After a
// network failure the next try waits longer each time, up to a ceiling.

import { NetworkError, photoUpload, sessionsUpload, syncDownload } from "./api.js";
import {
  ON_SERVER,
  SAVED,
  downloadApply,
  forgetEverything,
  metaGet,
  metaSet,
  photoUpdate,
  photosAll,
  sessionResultsApply,
  sessionsAll,
} from "./data.js";
import { groupWorkDownload, groupWorkSend } from "./group-work.js";
import { inspectionsSync } from "./inspections-data.js";
import { contentRefresh, forgetImages } from "./modules.js";
import { getAll } from "./db.js";
import { appConfig } from "./util.js";

const FIRST_RETRY_MS = 5000;
const LAST_RETRY_MS = 10 * 60 * 1000;

class ServerError extends Error {
  constructor(status) {
    super(`HTTP ${status}`);
    this.status = status;
  }
}

class SignedOut extends Error {
  constructor(code) {
    super("signed out");
    this.code = code || "";
  }
}

// What the screens show; `problem` is null, "offline", "unreachable", "signedOut" or
// {status} for a server error.
export const state = { running: false, sending: new Set(), problem: null, retryAt: null };

const listeners = [];
let current = null;
let again = false;
let failures = 0;
let retryTimer = null;

export function onSyncChange(listener) {
  listeners.push(listener);
}

function changed() {
  listeners.forEach((listener) => listener(state));
}

function withLock(work) {
  if (navigator.locks && typeof navigator.locks.request === "function") {
    return navigator.locks.request("backpack-trainer-sync", work);
  }
  return work();
}

export function sync() {
  if (current) {
    again = true;
    return current;
  }
  clearTimeout(retryTimer);
  current = withLock(runOnce).finally(() => {
    current = null;
    if (again) {
      again = false;
      sync();
    }
  });
  return current;
}

// The connection is back: try at once, and start the waits afresh.
export function syncOnline() {
  failures = 0;
  return sync();
}

async function runOnce() {
  const token = await metaGet("token");
  if (!token) return;
  state.running = true;
  state.problem = null;
  changed();
  try {
    await sessionsSend(token);
    if ((await getAll("grievances")).some((g) => g.status === "saved")) {
      await (await import("./grievances.js")).grievancesSend(token, refuseUnexpected);
    }
    await photosSend(token);
    await groupWorkSend(token, refuseUnexpected);
    // Plots walked on this phone (js/plots.js, loaded only when some wait to be sent).
    if ((await getAll("plots")).some((plot) => plot.status === SAVED)) {
      await (await import("./plots.js")).plotsSend(token, refuseUnexpected);
    }
    // Inspections up, their photos, then what inspecting offline needs (issue 21).
    await inspectionsSync(token, refuseUnexpected);
    if ((await getAll("h5pResults")).length) {
      await (await import("./h5p-offline.js")).h5pResultsSend(token, refuseUnexpected);
    }
    await download(token);
    await groupWorkDownload(token, refuseUnexpected);
    await contentRefresh(token);
    failures = 0;
    state.retryAt = null;
  } catch (error) {
    if (error instanceof SignedOut && error.code === "device_revoked") {
      // This phone was signed out on the server (a lost phone): it keeps nothing
      // (decision 0023).
      await forgetEverything();
      await forgetImages();
      state.problem = "revoked";
    } else if (error instanceof SignedOut) {
      // Only the token goes: what was recorded stays, to be sent after signing in again.
      await metaSet("token", null);
      state.problem = "signedOut";
    } else if (error instanceof NetworkError || error instanceof ServerError) {
      failures += 1;
      const wait = Math.min(FIRST_RETRY_MS * 2 ** (failures - 1), LAST_RETRY_MS);
      // Jitter: phones coming back online together do not all knock at once.
      const delay = Math.round(wait * (0.75 + Math.random() / 2));
      state.retryAt = Date.now() + delay;
      retryTimer = setTimeout(sync, delay);
      if (error instanceof ServerError) state.problem = { status: error.status };
      else state.problem = navigator.onLine === false ? "offline" : "unreachable";
    } else {
      throw error;
    }
  } finally {
    state.running = false;
    state.sending = new Set();
    changed();
  }
}

function refuseUnexpected(response) {
  if (response.status === 401) throw new SignedOut(response.data && response.data.code);
  throw new ServerError(response.status);
}

async function sessionsSend(token) {
  const waiting = (await sessionsAll()).filter((session) => session.status === SAVED);
  const size = appConfig().limits.uploadBatch;
  for (let start = 0; start < waiting.length; start += size) {
    const batch = waiting.slice(start, start + size);
    state.sending = new Set(batch.map((session) => session.uuid));
    changed();
    const response = await sessionsUpload(
      token,
      batch.map((session) => session.payload)
    );
    if (response.status !== 200 || !response.data || !Array.isArray(response.data.results)) {
      refuseUnexpected(response);
    }
    await sessionResultsApply(response.data.results);
    state.sending = new Set();
    changed();
  }
}

async function photosSend(token) {
  const onServer = new Set(
    (await sessionsAll()).filter((session) => session.status === ON_SERVER).map((session) => session.uuid)
  );
  const waiting = (await photosAll()).filter(
    (photo) => photo.status === "waiting" && onServer.has(photo.session)
  );
  for (const photo of waiting) {
    const response = await photoUpload(token, photo);
    if (response.status === 200 || response.status === 201) {
      // The server keeps it now; the phone's copy would only fill its storage.
      await photoUpdate(photo.uuid, { status: "sent", blob: null, message: "" });
    } else if (response.status === 404) {
      // The session is not on the server (yet): the photo waits for the next run.
    } else if ([400, 403, 409, 413].includes(response.status)) {
      const detail = response.data && response.data.detail;
      await photoUpdate(photo.uuid, { status: "refused", message: detail || `HTTP ${response.status}` });
    } else {
      refuseUnexpected(response);
    }
  }
}

async function download(token) {
  let cursor = await metaGet("cursor");
  let response = await syncDownload(token, cursor);
  if (response.status === 400 && cursor) {
    // A cursor the server no longer accepts (its key changed): everything again.
    cursor = null;
    response = await syncDownload(token, null);
  }
  if (response.status !== 200 || !response.data) refuseUnexpected(response);
  await downloadApply(response.data);
}
