// The grievance screen (issue 20, point 5): a trainer writes down a complaint heard in the
// field, offline; it is kept on the phone with the id the phone made, and sent once by
// sync (POST /api/v1/grievances/, one result per grievance, refusals by field). Its
// settings (address, choices, sentences) come from the consultation app through the
// app's config, under `extensions.grievance`.

import { call } from "./api.js";
import { getAll, put, remove } from "./db.js";
import { groupsAll } from "./data.js";
import { appConfig, el, fill, formatDate, newUuid, today } from "./util.js";

const SAVED = "saved";
const ON_SERVER = "on_server";
const REFUSED = "refused";
const STORE = "grievances";
const FIELDS = ["group", "received_on", "channel", "category", "complainant", "description"];

const settings = () => (appConfig().extensions || {}).grievance;
const $ = (id) => document.getElementById(id);

function say(key, values) {
  const text = (settings().messages || {})[key] || key;
  if (!values) return text;
  return text.replace(/%\((\w+)\)s/g, (match, name) => (name in values ? String(values[name]) : match));
}

let editing = null; // the id of a refused grievance being corrected
let wired = false;

function options(select, pairs, placeholder) {
  const items = placeholder === undefined ? [] : [el("option", { value: "" }, [placeholder])];
  pairs.forEach(([value, label]) => items.push(el("option", { value: String(value) }, [label])));
  fill(select, ...items);
}

function showErrors(errors) {
  FIELDS.forEach((name) => {
    const line = $(`ge-${name}`);
    const messages = errors[name];
    line.hidden = !messages;
    line.textContent = messages ? [].concat(messages).join(" ") : "";
  });
  const other = Object.keys(errors).filter((name) => !FIELDS.includes(name));
  $("g-errors").hidden = !other.length;
  $("g-errors").textContent = other.map((name) => [].concat(errors[name]).join(" ")).join(" ");
}

// The server's own rules, checked before saving so the trainer corrects them in the field.
function check(payload) {
  const errors = {};
  if (!payload.group) errors.group = [say("grievanceGroup")];
  if (!payload.received_on || payload.received_on > today()) errors.received_on = [say("grievanceDate")];
  if (!payload.category) errors.category = [say("grievanceCategory")];
  if (!payload.description.trim()) errors.description = [say("grievanceDescription")];
  if (payload.anonymous && payload.complainant.trim()) errors.complainant = [say("grievanceAnonymousName")];
  return errors;
}

async function save(event) {
  event.preventDefault();
  const payload = {
    id: editing || newUuid(),
    group: Number($("g-group").value) || null,
    received_on: $("g-received_on").value,
    channel: $("g-channel").value,
    category: $("g-category").value,
    anonymous: $("g-anonymous").checked,
    complainant: $("g-anonymous").checked ? "" : $("g-complainant").value.trim(),
    description: $("g-description").value,
  };
  const errors = check(payload);
  showErrors(errors);
  if (Object.keys(errors).length) return;
  const groupName = ($("g-group").selectedOptions[0] || {}).textContent || "";
  await put(STORE, { id: payload.id, payload, groupName, status: SAVED, errors: {} });
  editing = null;
  $("grievance-form").reset();
  // Ready for the next one: today, told to the trainer, a name allowed again.
  $("g-received_on").value = today();
  $("g-channel").value = "trainer";
  $("g-complainant").disabled = false;
  await grievanceOpen(say("grievanceSaved"));
  document.dispatchEvent(new CustomEvent("backpack:grievance-saved"));
}

function item(grievance) {
  const status =
    grievance.status === ON_SERVER
      ? say("grievanceOnServer")
      : grievance.status === REFUSED
        ? say("grievanceRefused", {
            message: Object.values(grievance.errors || {})
              .map((messages) => [].concat(messages).join(" "))
              .join(" "),
          })
        : say("grievanceWaiting");
  const kind = grievance.status === ON_SERVER ? "on-server" : grievance.status === REFUSED ? "refused" : "saved";
  const category = new Map(settings().categories).get(grievance.payload.category) || grievance.payload.category;
  const actions = [];
  if (grievance.status === REFUSED) {
    actions.push(
      el("button", { type: "button", className: "button button--secondary", onclick: () => correct(grievance) }, [
        appConfig().messages.correct || "Correct",
      ]),
      el("button", {
        type: "button",
        className: "button button--secondary",
        onclick: async () => {
          if (window.confirm(say("grievanceDelete"))) {
            await remove(STORE, grievance.id);
            grievanceOpen();
          }
        },
      }, [appConfig().messages.delete || "Delete"])
    );
  }
  return el("li", { className: `session session--${kind}`, dataset: { id: grievance.id } }, [
    el("p", { className: "session__title" }, [`${grievance.groupName} · ${category}`]),
    el("p", { className: "session__meta" }, [formatDate(grievance.payload.received_on)]),
    el("p", { className: `status status--${kind}` }, [status]),
    actions.length ? el("div", { className: "actions" }, actions) : null,
  ]);
}

function correct(grievance) {
  editing = grievance.id;
  const payload = grievance.payload;
  $("g-group").value = String(payload.group || "");
  $("g-received_on").value = payload.received_on;
  $("g-channel").value = payload.channel;
  $("g-category").value = payload.category;
  $("g-anonymous").checked = payload.anonymous;
  $("g-complainant").value = payload.complainant;
  $("g-description").value = payload.description;
  showErrors(grievance.errors || {});
  window.scrollTo(0, 0);
}

// The screen's form, drawn once from the settings' sentences (the shell holds an empty
// section, so the page a phone loads first stays small).
function draw(section) {
  const field = (name, control) => [
    el("label", { htmlFor: `g-${name}` }, [say(LABELS[name])]),
    control,
    el("p", { className: "field-error", id: `ge-${name}`, hidden: true }),
  ];
  const input = (name, props) => el(props.tag || "input", { id: `g-${name}`, name, ...props, tag: undefined });
  fill(
    section,
    el("form", { id: "grievance-form", className: "stack", noValidate: true }, [
      el("h1", { id: "grievance-title" }, [say("grievanceTitle")]),
      el("p", { className: "muted" }, [say("grievanceIntro")]),
      el("p", { className: "notice notice--error", id: "g-errors", role: "alert", hidden: true }),
      ...field("group", input("group", { tag: "select" })),
      ...field("received_on", input("received_on", { type: "date" })),
      ...field("channel", input("channel", { tag: "select" })),
      ...field("category", input("category", { tag: "select" })),
      el("label", { className: "check" }, [input("anonymous", { type: "checkbox" }), ` ${say("grievanceFieldAnonymous")}`]),
      ...field("complainant", input("complainant", {})),
      ...field("description", input("description", { tag: "textarea", rows: 5 })),
      el("div", { className: "actions" }, [
        el("button", { type: "submit", className: "button" }, [say("grievanceSave")]),
        el("a", { href: "#", className: "button button--secondary" }, [say("grievanceBack")]),
      ]),
    ]),
    el("h2", {}, [say("grievanceList")]),
    el("ul", { id: "grievance-list", className: "session-list" })
  );
}

const LABELS = {
  group: "grievanceFieldGroup",
  received_on: "grievanceFieldReceived",
  channel: "grievanceFieldChannel",
  category: "grievanceFieldCategory",
  complainant: "grievanceFieldComplainant",
  description: "grievanceFieldDescription",
};

// Draws the screen: the form (new, unless a refused one is being corrected) and the list.
export async function grievanceOpen(notice) {
  const config = settings();
  if (!config || !$("screen-grievance")) return false;
  if (!wired) {
    wired = true;
    draw($("screen-grievance"));
    options($("g-channel"), config.channels);
    options($("g-category"), config.categories, "—");
    $("g-complainant").maxLength = config.limits.complainant;
    $("g-description").maxLength = config.limits.description;
    $("grievance-form").addEventListener("submit", (event) => {
      save(event).catch((error) => showErrors({ __all__: [String(error)] }));
    });
    $("g-anonymous").addEventListener("change", () => {
      $("g-complainant").disabled = $("g-anonymous").checked;
    });
  }
  const groups = await groupsAll();
  const chosen = $("g-group").value;
  options($("g-group"), groups.map((group) => [group.id, group.name]), "—");
  if (chosen) $("g-group").value = chosen;
  if (!editing) {
    if (!$("g-received_on").value) $("g-received_on").value = today();
    if (!$("g-channel").value) $("g-channel").value = "trainer";
    showErrors({});
  }
  if (notice) {
    $("g-errors").hidden = false;
    $("g-errors").classList.remove("notice--error");
    $("g-errors").textContent = notice;
  } else {
    $("g-errors").classList.add("notice--error");
  }
  const kept = await getAll(STORE);
  kept.sort((a, b) => (a.payload.received_on < b.payload.received_on ? 1 : -1));
  fill($("grievance-list"), ...(kept.length ? kept.map(item) : [el("li", { className: "muted" }, [say("grievanceNone")])]));
  return true;
}

// Grievances not on the server yet: signing out would lose them.
export async function grievancesUnsent() {
  return (await getAll(STORE)).filter((grievance) => grievance.status !== ON_SERVER).length;
}

// Called by sync after the sessions: each waiting grievance once; a refusal is kept with
// the server's errors by field, to be corrected or deleted. An answer that is not a list of
// results goes to `unexpected` (sign-in lost, server error), which throws for sync.
export async function grievancesSend(token, unexpected) {
  const config = settings();
  if (!config) return;
  const waiting = (await getAll(STORE)).filter((grievance) => grievance.status === SAVED);
  for (let start = 0; start < waiting.length; start += 50) {
    const batch = waiting.slice(start, start + 50);
    const grievances = batch.map((grievance) => grievance.payload);
    const response = await call(config.api, { method: "POST", token, json: { grievances }, timeout: 60000 });
    if (response.status !== 200 || !response.data || !Array.isArray(response.data.results)) {
      unexpected(response);
    }
    for (const result of response.data.results) {
      const grievance = batch[result.index];
      if (!grievance) continue;
      const done = result.status === "accepted" || result.status === "already_known";
      await put(STORE, {
        ...grievance,
        status: done ? ON_SERVER : REFUSED,
        errors: done ? {} : result.errors || {},
      });
    }
  }
}
