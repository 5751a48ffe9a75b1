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

export function moduleOffline(token, id) {
  return call(config.api.moduleOffline.replace("{id}", String(id)), { token, timeout: 60000 });
}
