// IndexedDB with promises, written here rather than taken from npm (decision 0015): the
// app needs a dozen lines of it, and one more file to fetch and cache costs more than that.

const NAME = "backpack-trainer";
const VERSION = 8;
export const STORES = [
  "meta",
  "groups",
  "farmers",
  "modules",
  "sessions",
  "photos",
  "content",
  "groupWork",
  "groupWorkOutbox",
  "plots",
  // Internal inspections (issue 21, point 3; js/inspections.js).
  "inspectionGroups",
  "inspections",
  "inspectionPhotos",
  "grievances",
  "h5p",
  "h5pResults",
  "h5pLibraries",
];

let opening = null;

export function openDb() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const request = indexedDB.open(NAME, VERSION);
      request.onupgradeneeded = (event) => {
        const db = request.result;
        if (event.oldVersion < 1) {
          db.createObjectStore("meta"); // token, user name, cursor, last sync: by name
          db.createObjectStore("groups", { keyPath: "id" });
          db.createObjectStore("farmers", { keyPath: "id" }).createIndex("group", "group");
          db.createObjectStore("modules", { keyPath: "id" });
          db.createObjectStore("sessions", { keyPath: "uuid" });
          db.createObjectStore("photos", { keyPath: "uuid" }).createIndex("session", "session");
        }
        // Modules kept for reading offline (decision 0023): {id, version, html, images}.
        if (event.oldVersion < 2) db.createObjectStore("content", { keyPath: "id" });
        // Group work (issue 18, point 2; js/group-work.js): the groups the person assesses
        // and plans for, as the server last gave them, and what waits to be sent.
        if (event.oldVersion < 3) {
          db.createObjectStore("groupWork", { keyPath: "id" });
          db.createObjectStore("groupWorkOutbox", { keyPath: "uuid" });
        }
        // Plots walked with the phone's GPS (issue 20; js/plots.js): {uuid, payload, status…}.
        if (event.oldVersion < 4) db.createObjectStore("plots", { keyPath: "uuid" });
        // Internal inspections (issue 21, point 3): the groups this person inspects with
        // their control points and members, the inspections recorded, and their photos.
        if (event.oldVersion < 5) {
          db.createObjectStore("inspectionGroups", { keyPath: "id" });
          db.createObjectStore("inspections", { keyPath: "uuid" });
          db.createObjectStore("inspectionPhotos", { keyPath: "uuid" }).createIndex("inspection", "inspection");
        }
        // js/grievances.js
        if (event.oldVersion < 6) db.createObjectStore("grievances", { keyPath: "id" });
        // js/h5p-offline.js: activities' files, results waiting.
        if (event.oldVersion < 7) {
          db.createObjectStore("h5p", { keyPath: "id" });
          db.createObjectStore("h5pResults", { keyPath: "uuid" });
        }
        // js/h5p-offline.js: each H5P library version once, whatever number of
        // activities play it ({name, files}; decision 0033, "Libraries kept once").
        if (event.oldVersion < 8) db.createObjectStore("h5pLibraries", { keyPath: "name" });
      };
      request.onsuccess = () => {
        const db = request.result;
        // A newer version of the app in another tab needs the database: let it have it.
        db.onversionchange = () => db.close();
        resolve(db);
      };
      request.onerror = () => {
        opening = null;
        reject(request.error);
      };
    });
  }
  return opening;
}

// The result of one request, as a promise.
export function result(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

// Runs work(stores) in one transaction and resolves with its value once the transaction
// has committed, so "saved" is never shown for a write the phone did not keep. Inside
// `work` only requests of this transaction may be awaited: awaiting anything else lets
// the transaction commit early.
export async function transact(names, mode, work) {
  const db = await openDb();
  return new Promise((resolve, reject) => {
    const transaction = db.transaction(names, mode);
    const stores = {};
    names.forEach((name) => {
      stores[name] = transaction.objectStore(name);
    });
    let value;
    transaction.oncomplete = () => resolve(value);
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error || new Error("IndexedDB transaction aborted"));
    Promise.resolve()
      .then(() => work(stores))
      .then(
        (returned) => {
          value = returned;
        },
        (error) => {
          try {
            transaction.abort();
          } catch (ignored) {
            // Already finished: the error is reported below all the same.
          }
          reject(error);
        }
      );
  });
}

export function get(store, key) {
  return transact([store], "readonly", (stores) => result(stores[store].get(key)));
}

export function getAll(store) {
  return transact([store], "readonly", (stores) => result(stores[store].getAll()));
}

export function put(store, value, key) {
  return transact([store], "readwrite", (stores) => {
    stores[store].put(value, key);
  });
}

export function remove(store, key) {
  return transact([store], "readwrite", (stores) => {
    stores[store].delete(key);
  });
}

export function clearAll() {
  return transact(STORES, "readwrite", (stores) => {
    STORES.forEach((name) => stores[name].clear());
  });
}
