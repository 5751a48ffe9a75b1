// What the phone keeps (decision 0015), and the few rules about changing it.
//
// A session record: {uuid, payload (exactly what is uploaded), status, code, message,
// errors, summary (names shown in the list, kept even if the group or module goes away),
// createdAt, updatedAt}. status is "saved" (on this phone only), "on_server" (accepted or
// already known) or "refused" (code 400, 403 or 409, with the server's message).
// A photo record: {uuid, session, blob, caption, status "waiting" | "sent" | "refused",
// message}; a sent photo's picture is dropped to free the phone's storage.

import { clearAll, get, getAll, put, result, transact } from "./db.js";

export const SAVED = "saved";
export const ON_SERVER = "on_server";
export const REFUSED = "refused";

export function metaGet(name) {
  return get("meta", name);
}

export function metaSet(name, value) {
  return put("meta", value, name);
}

export function signedIn(token, username) {
  return transact(["meta"], "readwrite", (stores) => {
    stores.meta.put(token, "token");
    stores.meta.put(username, "username");
  });
}

export function forgetEverything() {
  return clearAll();
}

// Stores one download of /api/v1/sync/ in one transaction: the phone never holds half
// of it, and the cursor moves only with the data it stands for.
export function downloadApply(changes) {
  return transact(["meta", "groups", "farmers", "modules"], "readwrite", async (stores) => {
    const groupIds = new Set(changes.groups.map((group) => group.id));
    const usable = new Set(changes.module_ids);
    const onRosters = new Set(changes.farmer_ids);
    stores.groups.clear();
    changes.groups.forEach((group) => stores.groups.put(group));
    if (changes.full) {
      stores.farmers.clear();
      stores.modules.clear();
    } else {
      // Farmers the server no longer lists for the trainer's groups (deleted, or in a
      // group the trainer no longer has), and modules no longer usable, go.
      const farmers = await result(stores.farmers.getAll());
      farmers.forEach((farmer) => {
        if (!onRosters.has(farmer.id) || !groupIds.has(farmer.group)) {
          stores.farmers.delete(farmer.id);
        }
      });
      const moduleIds = await result(stores.modules.getAllKeys());
      moduleIds.forEach((id) => {
        if (!usable.has(id)) stores.modules.delete(id);
      });
    }
    changes.farmers.forEach((farmer) => {
      if (groupIds.has(farmer.group)) stores.farmers.put(farmer);
    });
    changes.modules.forEach((module) => {
      if (usable.has(module.id)) stores.modules.put(module);
    });
    stores.meta.put(changes.cursor, "cursor");
    stores.meta.put(Date.now(), "lastSync");
  });
}

export function groupsAll() {
  return getAll("groups").then((groups) =>
    groups.sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id)
  );
}

export function rosterOf(groupId) {
  return transact(["farmers"], "readonly", (stores) =>
    result(stores.farmers.index("group").getAll(groupId))
  ).then((farmers) => farmers.sort((a, b) => a.member_code.localeCompare(b.member_code)));
}

// The modules a session of this group may cover, each in the app's language when it is
// translated, else in English, else in the language it exists in. Where the group's
// country has adapted a generic module, the adaptation is offered instead of it
// (decision 0023).
export function modulesFor(group, language) {
  return getAll("modules").then((modules) => {
    const byKey = new Map();
    const mine = modules.filter((module) => module.country === null || module.country === group.country_id);
    const adapted = new Set(mine.filter((module) => module.adapts).map((module) => module.adapts));
    mine
      .filter((module) => module.kind !== "generic" || !adapted.has(module.translation_key))
      .forEach((module) => {
        const key = module.translation_key || String(module.id);
        const list = byKey.get(key) || [];
        list.push(module);
        byKey.set(key, list);
      });
    const chosen = [];
    byKey.forEach((versions) => {
      chosen.push(
        versions.find((module) => module.language === language) ||
          versions.find((module) => module.language === "en") ||
          versions[0]
      );
    });
    return chosen.sort((a, b) => (a.code || "").localeCompare(b.code || "") || a.title.localeCompare(b.title));
  });
}

export function sessionsAll() {
  return getAll("sessions").then((sessions) =>
    sessions.sort(
      (a, b) =>
        b.payload.date.localeCompare(a.payload.date) ||
        b.payload.starts_at.localeCompare(a.payload.starts_at) ||
        b.createdAt - a.createdAt
    )
  );
}

export function sessionGet(uuid) {
  return get("sessions", uuid);
}

export function photosAll() {
  return getAll("photos");
}

export function photosOf(sessionUuid) {
  return transact(["photos"], "readonly", (stores) =>
    result(stores.photos.index("session").getAll(sessionUuid))
  );
}

// Saves a session with its photos in one transaction. A session only ever saved on the
// phone, or refused without reaching the server (400, 403), may be changed; the server
// never saw its content, so it keeps its UUID.
export function sessionSave({ record, addPhotos, removePhotoUuids }) {
  return transact(["sessions", "photos"], "readwrite", async (stores) => {
    const stored = await result(stores.sessions.get(record.uuid));
    if (stored && stored.status === ON_SERVER) {
      throw new Error("A session on the server cannot be changed on the phone.");
    }
    const now = Date.now();
    stores.sessions.put({
      ...record,
      status: SAVED,
      code: null,
      message: "",
      errors: {},
      createdAt: stored ? stored.createdAt : now,
      updatedAt: now,
    });
    (removePhotoUuids || []).forEach((uuid) => stores.photos.delete(uuid));
    (addPhotos || []).forEach((photo) =>
      stores.photos.put({ ...photo, session: record.uuid, status: "waiting", message: "" })
    );
  });
}

// A 409: the server holds another session under this UUID. The trainer keeps this one
// under a new UUID, photos included; the old record goes, since it can never be sent.
export function sessionCopyAsNew(oldUuid, newUuid) {
  return transact(["sessions", "photos"], "readwrite", async (stores) => {
    const old = await result(stores.sessions.get(oldUuid));
    if (!old || old.status !== REFUSED || old.code !== 409) return;
    const photos = await result(stores.photos.index("session").getAll(oldUuid));
    const now = Date.now();
    stores.sessions.put({
      ...old,
      uuid: newUuid,
      payload: { ...old.payload, uuid: newUuid },
      status: SAVED,
      code: null,
      message: "",
      errors: {},
      createdAt: now,
      updatedAt: now,
    });
    stores.sessions.delete(oldUuid);
    photos.forEach((photo) => stores.photos.put({ ...photo, session: newUuid }));
  });
}

export function sessionDelete(uuid) {
  return transact(["sessions", "photos"], "readwrite", async (stores) => {
    const stored = await result(stores.sessions.get(uuid));
    if (!stored || stored.status === ON_SERVER) return;
    const photoKeys = await result(stores.photos.index("session").getAllKeys(uuid));
    photoKeys.forEach((key) => stores.photos.delete(key));
    stores.sessions.delete(uuid);
  });
}

// Records the server's answer for each session sent. (The app offers no change to a
// session while it is being sent, so the answer is about the content on the phone.)
export function sessionResultsApply(results) {
  return transact(["sessions"], "readwrite", async (stores) => {
    const records = await Promise.all(results.map((item) => result(stores.sessions.get(item.uuid))));
    results.forEach((item, index) => {
      const record = records[index];
      if (!record) return;
      const onServer = item.status === "accepted" || item.status === "already_known";
      stores.sessions.put({
        ...record,
        status: onServer ? ON_SERVER : REFUSED,
        code: item.code,
        message: onServer ? "" : item.message,
        errors: onServer ? {} : item.errors || {},
      });
    });
  });
}

export function photoUpdate(uuid, changes) {
  return transact(["photos"], "readwrite", async (stores) => {
    const photo = await result(stores.photos.get(uuid));
    if (photo) stores.photos.put({ ...photo, ...changes });
  });
}

// Sessions and photos the server does not have yet: what signing out would lose.
export function unsentCount() {
  return Promise.all([getAll("sessions"), getAll("photos")]).then(
    ([sessions, photos]) =>
      sessions.filter((session) => session.status !== ON_SERVER).length +
      photos.filter((photo) => photo.status !== "sent").length
  );
}
