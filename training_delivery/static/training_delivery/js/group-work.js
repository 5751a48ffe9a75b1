// Group work offline (issue 18, point 2; decision 0023): the level assessment, with its
// evidence photos, and updates of the improvement plan's items, made with the network
// off and sent once by sync.js. Each thing waiting carries a UUID made here, so a retry
// is harmless.
//
// The conflict rule (the server's: organisation_levels/phone_sync.py): an item update
// names the item's version the phone had; if someone changed the item since, the server
// stores nothing and answers 409 with the item as it is now. The list then shows both,
// and the person keeps theirs (the update is dropped) or keeps mine (sent again, made
// from the server's version, so it knowingly replaces the other change).
//
// An outbox record: {uuid, kind "assessment" | "item", group, status "waiting" | "sent" |
// "refused" | "conflict", message, createdAt, and for an assessment {rubric, answers,
// notes, photos: [Blob]}, for an item update {item, baseVersion, changes, theirs}}.

import { groupWorkAssessmentUpload, groupWorkDownload as download, groupWorkItemsUpload } from "./api.js";
import { get, getAll, put, remove, result, transact } from "./db.js";
import { photoShrink } from "./photos.js";
import { appConfig, el, fill, formatTime, newUuid, t } from "./util.js";

const config = appConfig();
const WAITING = "waiting";
const SENT = "sent";
const REFUSED = "refused";
const CONFLICT = "conflict";

let flash = "";
let onSaved = () => {};

// --- Sync (called by sync.js) --------------------------------------------------------------

// `refuse(response)` is sync.js's: it throws for a sign-out, a server error or the like.
export async function groupWorkSend(token, refuse) {
  const outbox = await outboxAll();
  for (const record of outbox.filter((r) => r.kind === "assessment" && r.status === WAITING)) {
    const response = await groupWorkAssessmentUpload(token, record);
    if (response.status === 200 || response.status === 201) {
      // The server keeps the photos now; the phone's copies would only fill its storage.
      await outboxUpdate(record.uuid, { status: SENT, photos: [], message: "" });
    } else if ([400, 403, 409].includes(response.status)) {
      await outboxUpdate(record.uuid, { status: REFUSED, message: messageOf(response) });
    } else {
      refuse(response);
    }
  }
  const updates = (await outboxAll()).filter((r) => r.kind === "item" && r.status === WAITING);
  if (!updates.length) return;
  const response = await groupWorkItemsUpload(
    token,
    updates.map((r) => ({ uuid: r.uuid, item: r.item, base_version: r.baseVersion, changes: r.changes }))
  );
  if (response.status !== 200 || !response.data || !Array.isArray(response.data.results)) {
    refuse(response);
  }
  for (const result of response.data.results) {
    const record = updates[result.index];
    if (!record) continue;
    if (result.status === "accepted" || result.status === "already_known") {
      await outboxUpdate(record.uuid, { status: SENT, message: "" });
      if (result.item) await itemStore(result.item);
    } else if (result.status === "conflict") {
      await outboxUpdate(record.uuid, { status: CONFLICT, message: result.message, theirs: result.item });
    } else {
      await outboxUpdate(record.uuid, { status: REFUSED, message: result.message });
    }
  }
}

export async function groupWorkDownload(token, refuse) {
  const response = await download(token);
  if (response.status !== 200 || !response.data) refuse(response);
  await transact(["meta", "groupWork"], "readwrite", (stores) => {
    stores.groupWork.clear();
    response.data.groups.forEach((group) => stores.groupWork.put(group));
    stores.meta.put(response.data.rubric, "rubric");
  });
}

export async function groupWorkUnsent() {
  return (await outboxAll()).filter((r) => r.status !== SENT).length;
}

export async function groupWorkGroups() {
  return getAll("groupWork");
}

function messageOf(response) {
  const data = response.data || {};
  return data.message || data.detail || `HTTP ${response.status}`;
}

// --- What the phone keeps ------------------------------------------------------------------

function outboxAll() {
  return getAll("groupWorkOutbox").then((records) =>
    records.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0))
  );
}

function outboxUpdate(uuid, changes) {
  return transact(["groupWorkOutbox"], "readwrite", async (stores) => {
    const record = await result(stores.groupWorkOutbox.get(uuid));
    if (record) stores.groupWorkOutbox.put(Object.assign(record, changes));
  });
}

async function itemStore(item) {
  const group = await get("groupWork", item.group);
  if (!group) return;
  group.items = group.items.map((kept) => (kept.id === item.id ? item : kept));
  await put("groupWork", group);
}

async function itemFind(id) {
  for (const group of await groupWorkGroups()) {
    const item = group.items.find((kept) => kept.id === id);
    if (item) return { group, item };
  }
  return null;
}

// The item as this phone shows it: the server's, with the changes still waiting on top.
function itemShown(item, outbox) {
  const shown = Object.assign({}, item);
  outbox
    .filter((r) => r.kind === "item" && r.item === item.id && r.status === WAITING)
    .forEach((r) => Object.assign(shown, r.changes));
  return shown;
}

// --- Screens ---------------------------------------------------------------------------------

const stageNames = () => new Map(config.groupWork.stages);
const statusNames = () => new Map(config.groupWork.statuses);

export async function groupWorkRoute(hash, saved) {
  onSaved = saved;
  const root = document.getElementById("group-work");
  if (hash.startsWith("#assess/")) return assessFormShow(root, Number(hash.slice(8)));
  if (hash.startsWith("#plan-item/")) return itemFormShow(root, Number(hash.slice(11)));
  return listShow(root);
}

function back() {
  return el("a", { href: "#group-work", className: "button button--secondary" }, [t("back")]);
}

function statusLine(record) {
  if (record.status === SENT) return el("p", { className: "status status--on-server" }, [t("statusOnServer")]);
  if (record.status === WAITING) return el("p", { className: "status status--saved" }, [t("statusSaved")]);
  return el("p", { className: "status status--refused" }, [t("statusRefused", { message: record.message })]);
}

function itemSummary(item) {
  const parts = [stageNames().get(item.stage), statusNames().get(item.status), item.owner];
  if (item.due_date) parts.push(item.due_date);
  return parts.filter(Boolean).join(" · ");
}

function conflictBlock(record, item) {
  const mine = itemShown(record.theirs, []);
  Object.assign(mine, record.changes);
  return el("div", { className: "notice notice--error conflict", dataset: { conflict: String(record.item) } }, [
    el("p", {}, [record.message]),
    el("p", {}, [el("strong", {}, [t("conflictYours")]), " ", itemSummary(mine), mine.evidence_notes ? ` · ${mine.evidence_notes}` : ""]),
    el("p", {}, [
      el("strong", {}, [t("conflictTheirs")]),
      " ",
      itemSummary(record.theirs),
      record.theirs.evidence_notes ? ` · ${record.theirs.evidence_notes}` : "",
    ]),
    el("div", { className: "actions" }, [
      el("button", {
        type: "button",
        className: "button",
        onclick: async () => {
          // Sent again from the server's version, under a new identifier: the old one
          // was refused and stays refused.
          await remove("groupWorkOutbox", record.uuid);
          await itemStore(record.theirs);
          await put("groupWorkOutbox", {
            uuid: newUuid(),
            kind: "item",
            group: record.group,
            item: record.item,
            baseVersion: record.theirs.version,
            changes: record.changes,
            status: WAITING,
            message: "",
            createdAt: new Date().toISOString(),
          });
          onSaved();
        },
      }, [t("keepMine")]),
      el("button", {
        type: "button",
        className: "button button--secondary",
        onclick: async () => {
          await remove("groupWorkOutbox", record.uuid);
          await itemStore(record.theirs);
          listShow(document.getElementById("group-work"));
        },
      }, [t("keepTheirs")]),
    ]),
  ]);
}

async function listShow(root) {
  const [groups, outbox, rubric] = await Promise.all([groupWorkGroups(), outboxAll(), get("meta", "rubric")]);
  const parts = [el("h1", {}, [t("groupWorkTitle")])];
  if (flash) parts.push(el("p", { className: "notice", role: "status" }, [flash]));
  flash = "";
  groups.forEach((group) => {
    const assessments = outbox.filter((r) => r.kind === "assessment" && r.group === group.id);
    const items = group.items.map((item) => {
      const records = outbox.filter((r) => r.kind === "item" && r.item === item.id);
      const conflict = records.find((r) => r.status === CONFLICT);
      const refused = records.filter((r) => r.status === REFUSED);
      const waiting = records.some((r) => r.status === WAITING);
      const shown = itemShown(item, outbox);
      return el("li", { className: "plan-item", dataset: { item: String(item.id) } }, [
        el("p", { className: "session__title" }, [shown.description]),
        el("p", { className: "session__meta" }, [itemSummary(shown)]),
        shown.evidence_notes ? el("p", { className: "session__meta" }, [shown.evidence_notes]) : null,
        waiting ? el("p", { className: "status status--saved" }, [t("statusSaved")]) : null,
        ...refused.map((r) =>
          el("div", { className: "refused" }, [
            statusLine(r),
            el("button", {
              type: "button",
              className: "button button--secondary",
              onclick: async () => {
                // Refused for good (a closed cycle, a rule broken): the phone lets it go.
                await remove("groupWorkOutbox", r.uuid);
                listShow(root);
              },
            }, [t("delete")]),
          ])
        ),
        conflict ? conflictBlock(conflict, item) : null,
        el("div", { className: "actions" }, [
          el("a", { className: "button button--secondary", href: `#plan-item/${item.id}` }, [t("updateItem")]),
        ]),
      ]);
    });
    parts.push(
      el("section", { className: "group-work", dataset: { group: String(group.id) } }, [
        el("h2", {}, [group.name]),
        rubric
          ? el("a", { className: "button button--wide", href: `#assess/${group.id}` }, [t("assessLevel")])
          : el("p", { className: "muted" }, [t("noRubric")]),
        ...assessments.map((r) =>
          el("div", { className: "session", dataset: { assessment: r.uuid } }, [
            el("p", { className: "session__meta" }, [t("assessmentOf", { date: formatTime(r.createdAt) })]),
            statusLine(r),
            r.status === REFUSED
              ? el("button", {
                  type: "button",
                  className: "button button--secondary",
                  onclick: async () => {
                    if (window.confirm(t("confirmDeleteAssessment"))) {
                      await remove("groupWorkOutbox", r.uuid);
                      listShow(root);
                    }
                  },
                }, [t("delete")])
              : null,
          ])
        ),
        el("h3", {}, [t("planTitle")]),
        group.cycle
          ? el("ul", { className: "session-list" }, items)
          : el("p", { className: "muted" }, [t("noOpenCycle")]),
      ])
    );
  });
  parts.push(el("div", { className: "actions" }, [el("a", { href: "#", className: "button button--secondary" }, [t("back")])]));
  fill(root, ...parts);
  return true;
}

async function assessFormShow(root, groupId) {
  const [group, rubric] = await Promise.all([get("groupWork", groupId), get("meta", "rubric")]);
  if (!group || !rubric) return listShow(root);
  const photos = [];
  const photoList = el("ul", { className: "photo-list" }, []);
  const errors = el("p", { className: "notice notice--error", role: "alert", hidden: true }, []);
  const notes = el("textarea", { id: "gw-notes", rows: 3 }, []);
  const questions = [];
  const fieldsets = [];
  rubric.dimensions.forEach((dimension) => {
    const children = [el("legend", {}, [dimension.name])];
    dimension.questions.forEach((question) => {
      questions.push(question.id);
      children.push(
        el("div", { className: "question", role: "radiogroup", "aria-label": question.text, dataset: { question: question.id } }, [
          el("p", {}, [el("strong", {}, [question.text])]),
          question.guidance ? el("p", { className: "muted" }, [question.guidance]) : null,
          ...question.options.map((label, number) =>
            el("label", { className: "choice" }, [
              el("input", { type: "radio", name: `q-${question.id}`, value: String(number) }, []),
              ` ${label}`,
            ])
          ),
        ])
      );
    });
    fieldsets.push(el("fieldset", {}, children));
  });
  const photoInput = el("input", {
    id: "gw-photo",
    className: "visually-hidden",
    type: "file",
    accept: "image/*",
    capture: "environment",
    multiple: true,
    onchange: async (event) => {
      for (const file of Array.from(event.target.files || [])) {
        if (photos.length >= config.groupWork.maxFiles) break;
        try {
          photos.push(await photoShrink(file));
          photoList.append(el("li", {}, [t("photoKept", { count: photos.length })]));
        } catch (notAPhoto) {
          errors.textContent = t("photoUnreadable");
          errors.hidden = false;
        }
      }
      event.target.value = "";
    },
  }, []);
  const form = el("form", {
    className: "stack",
    novalidate: true,
    onsubmit: async (event) => {
      event.preventDefault();
      const answers = {};
      questions.forEach((id) => {
        const chosen = form.querySelector(`input[name="q-${CSS.escape(id)}"]:checked`);
        if (chosen) answers[id] = Number(chosen.value);
      });
      const missing = questions.filter((id) => !(id in answers));
      form.querySelectorAll(".question").forEach((block) => {
        block.classList.toggle("question--missing", !(block.dataset.question in answers));
      });
      if (missing.length) {
        errors.textContent = t("answerEvery", { count: missing.length });
        errors.hidden = false;
        errors.scrollIntoView();
        return;
      }
      await put("groupWorkOutbox", {
        uuid: newUuid(),
        kind: "assessment",
        group: group.id,
        rubric: rubric.id,
        answers,
        notes: notes.value,
        photos,
        status: WAITING,
        message: "",
        createdAt: new Date().toISOString(),
      });
      flash = t("saved");
      onSaved();
    },
  }, [
    el("h1", {}, [`${t("assessLevel")}: ${group.name}`]),
    errors,
    ...fieldsets,
    el("label", { htmlFor: "gw-notes" }, [t("notesForAssessor")]),
    notes,
    el("label", { htmlFor: "gw-photo", className: "button button--secondary file-button" }, [t("addPhoto")]),
    photoInput,
    photoList,
    el("div", { className: "actions actions--sticky" }, [
      el("button", { type: "submit", className: "button" }, [t("saveOnPhone")]),
      back(),
    ]),
  ]);
  fill(root, form);
  return true;
}

function selectOf(id, choices, value) {
  return el(
    "select",
    { id },
    choices.map(([code, label]) => el("option", { value: code, selected: code === value }, [label]))
  );
}

async function itemFormShow(root, itemId) {
  const found = await itemFind(itemId);
  if (!found) return listShow(root);
  const shown = itemShown(found.item, await outboxAll());
  const labels = config.groupWork.labels;
  const fields = {
    stage: selectOf("gw-stage", config.groupWork.stages, shown.stage),
    status: selectOf("gw-status", config.groupWork.statuses, shown.status),
    owner: el("input", { id: "gw-owner", value: shown.owner, maxLength: 120 }, []),
    due_date: el("input", { id: "gw-due_date", type: "date", value: shown.due_date || "" }, []),
    evidence_notes: el("textarea", { id: "gw-evidence_notes", rows: 3, value: shown.evidence_notes }, []),
  };
  const errors = el("p", { className: "notice notice--error", role: "alert", hidden: true }, []);
  const form = el("form", {
    className: "stack",
    novalidate: true,
    onsubmit: async (event) => {
      event.preventDefault();
      if (!fields.owner.value.trim()) {
        errors.textContent = `${labels.owner}: ${t("required")}`;
        errors.hidden = false;
        return;
      }
      // Only what changed travels: a field someone else changed meanwhile is then
      // named in the conflict, never overwritten silently.
      const changes = {};
      Object.keys(fields).forEach((name) => {
        const value = name === "due_date" ? fields[name].value || null : fields[name].value;
        if (value !== (shown[name] === undefined ? null : shown[name])) changes[name] = value;
      });
      if (Object.keys(changes).length) {
        // A second change before the first was sent joins it, so both are made from the
        // version the phone has; under a new identifier, in case the first did arrive
        // (its answer lost): then the server names the clash instead of dropping this.
        const pending = (await outboxAll()).find((r) => r.kind === "item" && r.item === itemId && r.status === WAITING);
        if (pending) await remove("groupWorkOutbox", pending.uuid);
        await put("groupWorkOutbox", {
          uuid: newUuid(),
          kind: "item",
          group: found.group.id,
          item: itemId,
          baseVersion: pending ? pending.baseVersion : found.item.version,
          changes: Object.assign({}, pending ? pending.changes : {}, changes),
          status: WAITING,
          message: "",
          createdAt: pending ? pending.createdAt : new Date().toISOString(),
        });
        flash = t("saved");
      }
      onSaved();
    },
  }, [
    el("h1", {}, [t("updateItem")]),
    el("p", {}, [shown.description]),
    errors,
    ...Object.keys(fields).flatMap((name) => [el("label", { htmlFor: `gw-${name}` }, [labels[name]]), fields[name]]),
    el("div", { className: "actions actions--sticky" }, [
      el("button", { type: "submit", className: "button" }, [t("saveOnPhone")]),
      back(),
    ]),
  ]);
  fill(root, form);
  return true;
}
