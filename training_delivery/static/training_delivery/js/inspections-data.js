// Internal inspections kept on the phone, and their sync (issue 21, point 3).
//
// An inspection record: {uuid, payload (exactly what is uploaded to /api/v1/inspections/),
// summary (group name, member label, failing control points: shown in the list even if
// the group's data changes), status "saved" | "on_server" | "refused", errors (the
// server's messages, by field), nonConformities (opened on the server), createdAt}.
// A photo record: {uuid, inspection, blob, caption, status "waiting" | "sent" | "refused",
// message}. Like sessions (decision 0015): sent once, by the phone's own ids, so a retry
// after a lost answer is "already known" and stored once.

import { inspectionPhotoUpload, inspectionSetup, inspectionsUpload } from "./api.js";
import { getAll, result, transact } from "./db.js";
import { appConfig } from "./util.js";

export const SAVED = "saved";
export const ON_SERVER = "on_server";
export const REFUSED = "refused";

// The inspections in the upload being sent now, for the list's "Sending…".
export const sending = new Set();

export function inspectionGroupsAll() {
  return getAll("inspectionGroups").then((groups) =>
    groups.sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id)
  );
}

export function inspectionsAll() {
  return getAll("inspections").then((items) =>
    items.sort(
      (a, b) => b.payload.inspected_on.localeCompare(a.payload.inspected_on) || b.createdAt - a.createdAt
    )
  );
}

export function inspectionPhotosAll() {
  return getAll("inspectionPhotos");
}

// Saves an inspection with its photos in one transaction: "saved" is shown only for
// what the phone kept, photos included.
export function inspectionSave(record, photos) {
  return transact(["inspections", "inspectionPhotos"], "readwrite", (stores) => {
    stores.inspections.put({
      ...record,
      status: SAVED,
      errors: {},
      nonConformities: 0,
      createdAt: Date.now(),
    });
    photos.forEach((photo) =>
      stores.inspectionPhotos.put({ ...photo, inspection: record.uuid, status: "waiting", message: "" })
    );
  });
}

// Only a refused inspection (the server stored nothing of it) is deleted from the phone.
export function inspectionDelete(uuid) {
  return transact(["inspections", "inspectionPhotos"], "readwrite", async (stores) => {
    const stored = await result(stores.inspections.get(uuid));
    if (!stored || stored.status === ON_SERVER) return;
    const keys = await result(stores.inspectionPhotos.index("inspection").getAllKeys(uuid));
    keys.forEach((key) => stores.inspectionPhotos.delete(key));
    stores.inspections.delete(uuid);
  });
}

// What signing out would lose.
export function inspectionsUnsent() {
  return Promise.all([getAll("inspections"), getAll("inspectionPhotos")]).then(
    ([items, photos]) =>
      items.filter((item) => item.status !== ON_SERVER).length +
      photos.filter((photo) => photo.status !== "sent").length
  );
}

function resultsApply(results) {
  return transact(["inspections"], "readwrite", async (stores) => {
    const records = await Promise.all(results.map((item) => result(stores.inspections.get(item.id))));
    results.forEach((item, index) => {
      const record = records[index];
      if (!record) return;
      const onServer = item.status === "accepted" || item.status === "already_known";
      stores.inspections.put({
        ...record,
        status: onServer ? ON_SERVER : REFUSED,
        errors: onServer ? {} : item.errors || {},
        // "already known": the first answer was lost; what it opened was counted then,
        // or is counted from the phone's own findings.
        nonConformities:
          item.status === "accepted" ? item.non_conformities : onServer ? record.summary.failing.length : 0,
      });
    });
  });
}

// A whole batch refused (a 400 for its form, which the app's own checks should prevent):
// each inspection of it shows the server's message, and the others still go.
function batchRefused(batch, data) {
  const errors = { inspections: [JSON.stringify(data || {})] };
  return transact(["inspections"], "readwrite", (stores) => {
    batch.forEach((record) => stores.inspections.put({ ...record, status: REFUSED, errors }));
  });
}

function photoUpdate(uuid, changes) {
  return transact(["inspectionPhotos"], "readwrite", async (stores) => {
    const photo = await result(stores.inspectionPhotos.get(uuid));
    if (photo) stores.inspectionPhotos.put({ ...photo, ...changes });
  });
}

async function send(token, refuseUnexpected) {
  const waiting = (await getAll("inspections")).filter((item) => item.status === SAVED);
  const size = appConfig().limits.inspectionBatch;
  for (let start = 0; start < waiting.length; start += size) {
    const batch = waiting.slice(start, start + size);
    batch.forEach((item) => sending.add(item.uuid));
    try {
      const response = await inspectionsUpload(
        token,
        batch.map((item) => item.payload)
      );
      if (response.status === 400 && response.data && !Array.isArray(response.data.results)) {
        await batchRefused(batch, response.data);
      } else if (response.status !== 200 || !response.data || !Array.isArray(response.data.results)) {
        refuseUnexpected(response);
      } else {
        await resultsApply(response.data.results);
      }
    } finally {
      sending.clear();
    }
  }
}

async function photosSend(token, refuseUnexpected) {
  const onServer = new Set(
    (await getAll("inspections")).filter((item) => item.status === ON_SERVER).map((item) => item.uuid)
  );
  const waiting = (await getAll("inspectionPhotos")).filter(
    (photo) => photo.status === "waiting" && onServer.has(photo.inspection)
  );
  for (const photo of waiting) {
    const response = await inspectionPhotoUpload(token, photo);
    if (response.status === 200 || response.status === 201) {
      // The server keeps it now; the phone's copy would only fill its storage.
      await photoUpdate(photo.uuid, { status: "sent", blob: null, message: "" });
    } else if (response.status === 404) {
      // The inspection is not on the server (yet): the photo waits for the next run.
    } else if ([400, 403, 409, 413].includes(response.status)) {
      const detail = response.data && response.data.detail;
      await photoUpdate(photo.uuid, { status: "refused", message: detail || `HTTP ${response.status}` });
    } else {
      refuseUnexpected(response);
    }
  }
}

// The groups this person inspects, whole each time: a control point that stops applying
// (a certification ended) leaves the phone at once.
async function setupDownload(token, refuseUnexpected) {
  const response = await inspectionSetup(token);
  if (response.status !== 200 || !response.data || !Array.isArray(response.data.groups)) {
    refuseUnexpected(response);
  }
  await transact(["inspectionGroups"], "readwrite", (stores) => {
    stores.inspectionGroups.clear();
    response.data.groups.forEach((group) => stores.inspectionGroups.put(group));
  });
}

// One step of the app's sync (js/sync.js), which handles a network failure (retried with
// a growing wait) and a refused sign-in: `refuseUnexpected` throws its errors.
export async function inspectionsSync(token, refuseUnexpected) {
  await send(token, refuseUnexpected);
  await photosSend(token, refuseUnexpected);
  await setupDownload(token, refuseUnexpected);
}
