// The sync API (decision 0012), as the app calls it. Every call may fail for want of a
// network; that is a NetworkError, retried later. Any answer of the server is returned
// as {status, data} for the caller to read.

import { appConfig } from "./util.js";

const config = appConfig();

export class NetworkError extends Error {}

export async function call(url, { method = "GET", token, json, form, timeout = 30000 } = {}) {
  // The app's language, for the server's messages: the API has no language prefix.
  const headers = { Accept: "application/json", "Accept-Language": config.language };
  if (token) headers.Authorization = `Token ${token}`;
  let body;
  if (json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(json);
  } else if (form) {
    body = form;
  }
  const controller = typeof AbortController === "function" ? new AbortController() : null;
  const timer = controller ? setTimeout(() => controller.abort(), timeout) : null;
  try {
    const response = await fetch(url, {
      method,
      headers,
      body,
      // No cookies: the token is the app's only identity. With the site's session cookie
      // the API would also demand a CSRF token, which a cached shell cannot hold.
      credentials: "omit",
      cache: "no-store",
      signal: controller ? controller.signal : undefined,
    });
    let data = null;
    const text = await response.text();
    try {
      data = text ? JSON.parse(text) : null;
    } catch (notJson) {
      data = null; // a proxy's or the web server's error page
    }
    return { status: response.status, data };
  } catch (error) {
    // No network, a dropped connection or a timeout: the request may or may not have
    // arrived. Sessions and photos carry UUIDs, so sending them again is harmless.
    throw new NetworkError(error && error.message ? error.message : String(error));
  } finally {
    if (timer) clearTimeout(timer);
  }
}

export function tokenObtain(username, password) {
  return call(config.api.token, { method: "POST", json: { username, password } });
}

export function syncDownload(token, cursor) {
  const url = cursor ? `${config.api.sync}?cursor=${encodeURIComponent(cursor)}` : config.api.sync;
  return call(url, { token, timeout: 60000 });
}

export function sessionsUpload(token, sessions) {
  return call(config.api.sessions, { method: "POST", token, json: { sessions }, timeout: 60000 });
}

export function photoUpload(token, photo) {
  const form = new FormData();
  form.append("uuid", photo.uuid);
  form.append("caption", photo.caption || "");
  form.append("file", photo.blob, `${photo.uuid}.jpg`);
  // A few hundred kilobytes on a slow rural link: give it time.
  return call(config.api.photos.replace("{uuid}", photo.session), {
    method: "POST",
    token,
    form,
    timeout: 180000,
  });
}

// Plots walked on the phone (js/plots.js); the address comes from the supply base.
export function plotsUpload(token, plots) {
  return call(config.api.plots, { method: "POST", token, json: { plots }, timeout: 60000 });
}

export function moduleOffline(token, id) {
  return call(config.api.moduleOffline.replace("{id}", String(id)), { token, timeout: 60000 });
}

// Group work (issue 18, point 2; js/group-work.js).
export function groupWorkDownload(token) {
  return call(config.api.groupWork, { token, timeout: 60000 });
}

export function groupWorkAssessmentUpload(token, record) {
  const form = new FormData();
  form.append("uuid", record.uuid);
  form.append("group", String(record.group));
  form.append("rubric", String(record.rubric));
  form.append("answers", JSON.stringify(record.answers));
  form.append("notes", record.notes || "");
  (record.photos || []).forEach((blob, index) => form.append("evidence", blob, `photo-${index + 1}.jpg`));
  return call(config.api.groupWorkAssessments, { method: "POST", token, form, timeout: 180000 });
}

export function groupWorkItemsUpload(token, updates) {
  return call(config.api.groupWorkItems, { method: "POST", token, json: { updates }, timeout: 60000 });
}

// Internal inspections (issue 21, point 3).
export function inspectionSetup(token) {
  return call(config.api.inspectionSetup, { token, timeout: 60000 });
}

export function inspectionsUpload(token, inspections) {
  return call(config.api.inspections, { method: "POST", token, json: { inspections }, timeout: 60000 });
}

export function inspectionPhotoUpload(token, photo) {
  const form = new FormData();
  form.append("uuid", photo.uuid);
  form.append("caption", photo.caption || "");
  form.append("file", photo.blob, `${photo.uuid}.jpg`);
  return call(config.api.inspectionPhotos.replace("{uuid}", photo.inspection), {
    method: "POST",
    token,
    form,
    timeout: 180000,
  });
}
