// Internal inspections on the phone (issue 21, point 3; decision 0027): the group's
// internal inspector chooses a group and a member from the roster kept on the phone, goes
// through the control points that apply to the group's certifications (met, not met or
// not applicable, with a note each), takes photos, records the member's acknowledgement,
// and saves on the phone; the sync sends it once (js/inspections-data.js).
//
// The acknowledgement is a tick and the name of who acknowledged, typed, not a signature
// drawn on the screen: the server keeps a name (it goes to the certifier's export as
// text), a finger's scrawl on a phone proves little more, and a drawn picture would be
// one more upload on a poor link and one more piece of personal data to guard. A member
// who did not agree to their name being recorded (decision 0023) acknowledges by the
// tick alone: their member code is sent in place of a name.

import {
  ON_SERVER,
  REFUSED,
  inspectionDelete,
  inspectionGroupsAll,
  inspectionPhotosAll,
  inspectionSave,
  inspectionsAll,
  sending,
} from "./inspections-data.js";
import { photoShrink } from "./photos.js";
import { appConfig, el, fill, formatDate, newUuid, t, today } from "./util.js";

const config = appConfig();
const $ = (id) => document.getElementById(id);
const form = $("inspect-form");
const GROUP_ITSELF = "@group";
const RESULTS = [
  ["met", "resultMet"],
  ["not_met", "resultNotMet"],
  ["not_applicable", "resultNotApplicable"],
];

let state = null; // {groups, photos, onSaved}

// A member as the phone may show them: by name with consent, else by code, gender and
// age band only (decision 0023).
export function memberLabel(member) {
  if (member.consent && member.name) return `${member.member_code} · ${member.name}`;
  const gender = config.genders[member.gender] || member.gender;
  const band = config.ageBands[member.age_band] || member.age_band;
  return `${member.member_code} · ${gender}, ${band}`;
}

function currentGroup() {
  return state.groups.find((group) => String(group.id) === $("i-group").value) || null;
}

function currentMember() {
  const group = currentGroup();
  const code = $("i-member").value;
  if (!group || !code || code === GROUP_ITSELF) return null;
  return group.members.find((member) => member.member_code === code) || null;
}

function pointsOfChoice() {
  const group = currentGroup();
  const code = $("i-member").value;
  if (!group || !code) return [];
  return code === GROUP_ITSELF ? group.group_points : group.member_points;
}

function pointItem(point) {
  const code = point.code;
  return el("fieldset", { className: "control-point", dataset: { code } }, [
    el("legend", {}, [`${code} ${point.title}`]),
    point.what_to_check ? el("p", { className: "muted" }, [point.what_to_check]) : null,
    el(
      "div",
      { className: "choice-row", role: "radiogroup", "aria-label": `${code} ${point.title}` },
      RESULTS.map(([value, key]) =>
        el("label", { className: "choice" }, [el("input", { type: "radio", name: `r-${code}`, value }), ` ${t(key)}`])
      )
    ),
    el("label", { htmlFor: `in-${code}` }, [t("findingNote", { code })]),
    el("textarea", { id: `in-${code}`, rows: 2, maxLength: config.limits.findingNote }),
    el("p", { className: "field-error", id: `ie-point-${code}`, hidden: true }),
  ]);
}

function pointsShow() {
  const points = pointsOfChoice();
  const chosen = Boolean($("i-member").value);
  $("i-points-none").hidden = !chosen || points.length > 0;
  fill($("i-points"), ...points.map(pointItem));
  ackShow();
}

function membersShow() {
  const group = currentGroup();
  const options = [el("option", { value: "" }, [t("choose")])];
  if (group) {
    options.push(el("option", { value: GROUP_ITSELF }, [t("groupItself")]));
    group.members.forEach((member) => options.push(el("option", { value: member.member_code }, [memberLabel(member)])));
  }
  fill($("i-member"), ...options);
  pointsShow();
}

// Without consent there is no name to type: the tick is the acknowledgement.
function ackShow() {
  const member = currentMember();
  const noName = Boolean(member && !member.consent);
  $("i-ack-name-part").hidden = noName;
  $("i-ack-code").hidden = !noName;
}

function photoItem(photo) {
  const url = URL.createObjectURL(photo.blob);
  const item = el("li", {}, [
    el("img", { src: url, alt: "", width: 96, height: 96 }),
    el("button", {
      type: "button",
      className: "button button--secondary",
      onclick: () => {
        URL.revokeObjectURL(url);
        state.photos = state.photos.filter((each) => each !== photo);
        item.remove();
      },
    }, [t("removePhoto")]),
  ]);
  return item;
}

async function photosAdd(files) {
  const slot = $("ie-photos");
  slot.hidden = true;
  for (const file of Array.from(files)) {
    if (state.photos.length >= config.limits.inspectionPhotos) {
      slot.textContent = t("inspectionPhotosTooMany", { count: config.limits.inspectionPhotos });
      slot.hidden = false;
      return;
    }
    try {
      const photo = { uuid: newUuid(), blob: await photoShrink(file), caption: "" };
      state.photos.push(photo);
      $("i-photos").append(photoItem(photo));
    } catch (notAPhoto) {
      slot.textContent = t("photoUnreadable");
      slot.hidden = false;
    }
  }
}

function errorsShow(errors) {
  form.querySelectorAll(".field-error").forEach((slot) => {
    slot.hidden = true;
    slot.textContent = "";
  });
  const names = Object.keys(errors);
  names.forEach((name) => {
    const slot = $(`ie-${name}`);
    if (!slot) return;
    slot.textContent = errors[name];
    slot.hidden = false;
  });
  const summary = $("i-errors");
  summary.hidden = !names.length;
  summary.textContent = names.length ? t("formHasErrors") : "";
  if (names.length) {
    const first = form.querySelector(".field-error:not([hidden])");
    (first || summary).scrollIntoView({ block: "center" });
  }
}

// The server's rules, checked before saving so an inspection is not refused days later
// for something the inspector could have fixed on the spot.
function check() {
  const errors = {};
  const group = currentGroup();
  const memberCode = $("i-member").value;
  const day = $("i-date").value;
  if (!group) errors.group = t("groupRequired");
  if (!memberCode) errors.member = t("memberRequired");
  if (!day) errors.date = t("dateRequired");
  else if (day > today()) errors.date = t("dateFuture");
  const points = pointsOfChoice();
  if (memberCode && !points.length) errors.findings = t("noControlPoints");
  const findings = [];
  points.forEach((point) => {
    const picked = form.querySelector(`input[name="r-${point.code}"]:checked`);
    const note = $(`in-${point.code}`).value.trim();
    if (!picked) errors[`point-${point.code}`] = t("resultRequired");
    else findings.push({ control_point: point.code, result: picked.value, note });
  });
  const member = currentMember();
  const acknowledged = $("i-ack").checked;
  let acknowledgedBy = "";
  if (acknowledged) {
    acknowledgedBy = member && !member.consent ? member.member_code : $("i-ack-name").value.trim();
    if (!acknowledgedBy) errors.ack = t("ackNameRequired");
  }
  const notes = $("i-notes").value.trim();
  if (notes.length > config.limits.inspectionNotes) errors.notes = t("tooLong", { limit: config.limits.inspectionNotes });
  if (Object.keys(errors).length) return { errors };
  const uuid = newUuid();
  return {
    errors,
    record: {
      uuid,
      payload: {
        id: uuid,
        group: group.id,
        member_code: memberCode === GROUP_ITSELF ? "" : memberCode,
        inspected_on: day,
        acknowledged,
        acknowledged_by: acknowledgedBy,
        notes,
        findings,
      },
      summary: {
        groupName: group.name,
        memberLabel: member ? memberLabel(member) : t("groupItself"),
        failing: findings.filter((finding) => finding.result === "not_met").map((finding) => finding.control_point),
      },
    },
  };
}

async function submit(event) {
  event.preventDefault();
  const { errors, record } = check();
  errorsShow(errors);
  if (!record) return;
  await inspectionSave(
    record,
    state.photos.map((photo) => ({ uuid: photo.uuid, blob: photo.blob, caption: photo.caption }))
  );
  state.onSaved();
}

// Opens a new inspection; false when this phone has no group to inspect.
export async function inspectionFormOpen(onSaved) {
  const groups = await inspectionGroupsAll();
  if (!groups.length) return false;
  state = { groups, photos: [], onSaved };
  form.reset();
  errorsShow({});
  fill($("i-photos"));
  fill(
    $("i-group"),
    ...(groups.length > 1 ? [el("option", { value: "" }, [t("choose")])] : []),
    ...groups.map((group) => el("option", { value: group.id }, [group.region ? `${group.name} (${group.region})` : group.name]))
  );
  $("i-date").value = today();
  $("i-date").max = today();
  membersShow();
  return true;
}

// --- The list on the home screen ---------------------------------------------------------

function errorsText(errors) {
  return Object.keys(errors || {})
    .map((name) => [].concat(errors[name]).join(" "))
    .join(" ");
}

function statusOf(item) {
  if (sending.has(item.uuid)) return ["sending", t("statusSending")];
  if (item.status === ON_SERVER) return ["on-server", t("statusOnServer")];
  if (item.status === REFUSED) return ["refused", t("statusRefused", { message: errorsText(item.errors) })];
  return ["saved", t("statusSaved")];
}

function inspectionItem(item, photos, refresh) {
  const [kind, label] = statusOf(item);
  const waiting = photos.filter((photo) => photo.status === "waiting").length;
  const refusedPhotos = photos.filter((photo) => photo.status === "refused");
  let outcome = null;
  if (item.status === ON_SERVER) {
    outcome = item.nonConformities
      ? el("p", { className: "status status--refused" }, [
          t("nonConformitiesOpened", { count: item.nonConformities, codes: item.summary.failing.join(", ") }),
        ])
      : el("p", { className: "session__meta" }, [t("noNonConformity")]);
  }
  return el("li", { className: `session session--${kind}`, dataset: { uuid: item.uuid } }, [
    el("p", { className: "session__title" }, [item.summary.memberLabel]),
    el("p", { className: "session__meta" }, [`${item.summary.groupName} · ${formatDate(item.payload.inspected_on)}`]),
    el("p", { className: "session__meta" }, [t("findingsCount", { count: item.payload.findings.length })]),
    el("p", { className: `status status--${kind}` }, [label]),
    outcome,
    waiting ? el("p", { className: "session__meta" }, [t("photosWaiting", { count: waiting })]) : null,
    ...refusedPhotos.map((photo) => el("p", { className: "status status--refused" }, [t("photoRefused", { message: photo.message })])),
    item.status === REFUSED
      ? el("div", { className: "actions" }, [
          el("button", {
            type: "button",
            className: "button button--secondary",
            onclick: async () => {
              if (window.confirm(t("confirmDeleteInspection"))) {
                await inspectionDelete(item.uuid);
                refresh();
              }
            },
          }, [t("delete")]),
        ])
      : null,
  ]);
}

// Fills the home screen's part on inspections; the number of groups this phone may
// inspect (the part is hidden for someone who inspects none and kept none).
export async function inspectionsHomeFill(refresh) {
  const [groups, items, photos] = await Promise.all([inspectionGroupsAll(), inspectionsAll(), inspectionPhotosAll()]);
  $("inspection-part").hidden = !groups.length && !items.length;
  $("inspect").hidden = !groups.length;
  const byInspection = new Map();
  photos.forEach((photo) => {
    byInspection.set(photo.inspection, (byInspection.get(photo.inspection) || []).concat([photo]));
  });
  const list = $("inspection-list");
  if (items.length) fill(list, ...items.map((item) => inspectionItem(item, byInspection.get(item.uuid) || [], refresh)));
  else fill(list, el("li", { className: "muted" }, [t("noInspections")]));
  return groups.length;
}

$("i-group").addEventListener("change", membersShow);
$("i-member").addEventListener("change", pointsShow);
$("i-photo").addEventListener("change", (event) => {
  photosAdd(event.target.files).then(() => {
    event.target.value = "";
  });
});
form.addEventListener("submit", (event) => {
  submit(event).catch((error) => {
    $("i-errors").textContent = String(error);
    $("i-errors").hidden = false;
  });
});
