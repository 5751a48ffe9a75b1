// Recording or correcting a session on the phone: the form in shell.html, filled from
// the groups, rosters and modules kept on the phone.

import { REFUSED, SAVED, groupsAll, modulesFor, photosOf, rosterOf, sessionGet, sessionSave } from "./data.js";
import { photoShrink } from "./photos.js";
import { appConfig, el, fill, newUuid, t, today } from "./util.js";
import { serverErrorsForForm, sessionCheck } from "./validate.js";

const config = appConfig();
const $ = (id) => document.getElementById(id);
const form = $("session-form");

let state = null; // the session being recorded; see formOpen

function searchable(text) {
  return (text || "").toLocaleLowerCase(config.language);
}

function errorsShow(errors) {
  form.querySelectorAll(".field-error").forEach((slot) => {
    slot.hidden = true;
    slot.textContent = "";
  });
  form.querySelectorAll("[aria-invalid]").forEach((field) => field.removeAttribute("aria-invalid"));
  const names = Object.keys(errors);
  names.forEach((name) => {
    const slot = $(`e-${name}`) || $("e-form");
    if (!slot) return;
    slot.textContent = errors[name];
    slot.hidden = false;
    const field = $(`f-${name}`);
    if (field) field.setAttribute("aria-invalid", "true");
  });
  const summary = $("form-errors");
  summary.hidden = !names.length;
  summary.textContent = names.length ? [t("formHasErrors")].concat(errors.form ? [errors.form] : []).join(" ") : "";
  if (names.length) {
    const first = form.querySelector(".field-error:not([hidden])");
    (first || summary).scrollIntoView({ block: "center" });
  }
}

// Which module a session delivers: the generic one, or the country's adaptation.
function moduleKind(module) {
  if (module.kind === "adapted") return t("moduleAdapted", { country: module.country_name || "" });
  if (module.kind === "generic") return t("moduleGeneric");
  return "";
}

function moduleLabel(module) {
  const kind = moduleKind(module);
  return [module.code, module.title].filter(Boolean).join(" ") + (kind ? ` (${kind})` : "");
}

function moduleItem(module) {
  const picked = state.modules.get(module.id);
  const checkbox = el("input", { type: "checkbox", checked: Boolean(picked), value: module.id });
  const rating = el("select", { "aria-label": t("ratingLabel") }, [
    el("option", { value: "" }, [t("noRating")]),
    ...[1, 2, 3, 4, 5].map((value) => el("option", { value }, [String(value)])),
  ]);
  const feedback = el("textarea", { rows: 2, "aria-label": t("feedbackLabel") });
  const details = el("div", { className: "pick-list__details", hidden: !picked }, [
    el("label", {}, [t("ratingLabel"), rating]),
    el("label", {}, [t("feedbackLabel"), feedback]),
    el("p", { className: "field-error", id: `e-modules.${module.id}`, hidden: true }),
  ]);
  if (picked) {
    rating.value = picked.feedback_rating ? String(picked.feedback_rating) : "";
    feedback.value = picked.feedback || "";
  }
  const remember = () => {
    if (!checkbox.checked) return;
    state.modules.set(module.id, {
      id: module.id,
      // The list of sessions shows this label: which module, generic or adapted.
      title: module.kind ? moduleLabel(module) : module.title,
      feedback_rating: rating.value ? Number(rating.value) : null,
      feedback: feedback.value.trim(),
    });
  };
  checkbox.addEventListener("change", () => {
    details.hidden = !checkbox.checked;
    if (checkbox.checked) remember();
    else state.modules.delete(module.id);
  });
  rating.addEventListener("change", remember);
  feedback.addEventListener("input", remember);
  const item = el("li", { dataset: { search: searchable(`${module.code} ${module.title} ${module.summary}`) } }, [
    el("label", { className: "pick-list__choice" }, [
      checkbox,
      el("span", {}, [
        module.code ? el("span", { className: "code" }, [module.code]) : null,
        " ",
        module.title,
        moduleKind(module) ? el("span", { className: `module-kind module-kind--${module.kind}` }, [moduleKind(module)]) : null,
      ]),
    ]),
    details,
  ]);
  item.checkbox = checkbox;
  return item;
}

// A farmer who did not consent arrives without a name (decision 0023): the gender and
// age band stand for it.
function farmerLabel(farmer) {
  if (farmer.name) return farmer.name;
  return [config.genders[farmer.gender], config.ageBands[farmer.age_band]].filter(Boolean).join(", ");
}

function attendeeItem(farmer) {
  const ticked = state.attendance.get(farmer.member_code);
  const checkbox = el("input", { type: "checkbox", checked: Boolean(ticked), value: farmer.member_code });
  const scoreField = (label, value) =>
    el("input", { type: "text", inputMode: "numeric", pattern: "[0-9]*", maxLength: 3, value: value === null || value === undefined ? "" : value, "aria-label": `${label} · ${farmerLabel(farmer)} ${farmer.member_code}` });
  const pre = scoreField(t("preScore"), ticked && ticked.pre_score);
  const post = scoreField(t("postScore"), ticked && ticked.post_score);
  const scores = el("div", { className: "pick-list__details scores", hidden: !ticked }, [
    el("label", {}, [t("preScore"), pre]),
    el("label", {}, [t("postScore"), post]),
    el("p", { className: "field-error", id: `e-attendance.${farmer.member_code}`, hidden: true }),
  ]);
  const remember = () => {
    if (checkbox.checked) {
      state.attendance.set(farmer.member_code, { member_code: farmer.member_code, pre_score: pre.value.trim(), post_score: post.value.trim() });
    } else {
      state.attendance.delete(farmer.member_code);
    }
    attendeeCountShow();
  };
  checkbox.addEventListener("change", () => {
    scores.hidden = !checkbox.checked;
    remember();
  });
  pre.addEventListener("input", remember);
  post.addEventListener("input", remember);
  const gender = config.genders[farmer.gender] || "";
  return el("li", { dataset: { search: searchable(`${farmer.member_code} ${farmerLabel(farmer)}`) } }, [
    el("label", { className: "pick-list__choice" }, [
      checkbox,
      el("span", {}, [
        farmerLabel(farmer),
        " ",
        el("span", { className: "code" }, [[farmer.member_code, gender].filter(Boolean).join(" · ")]),
        farmer.removed ? el("span", { className: "muted" }, [` (${t("removedFarmer")})`]) : null,
      ]),
    ]),
    scores,
  ]);
}

function attendeeCountShow() {
  $("f-attendee-count").textContent = t("attended", { count: state.attendance.size + state.walkIns.length });
}

// --- Walk-in farmers (decision 0023): at the session, not on the roster. ---------------

function walkInLabel(walkIn) {
  if (walkIn.consent && walkIn.name) return walkIn.name;
  return [config.genders[walkIn.gender], walkIn.birth_year ? String(walkIn.birth_year) : ""].filter(Boolean).join(", ");
}

function walkInItem(walkIn) {
  const scoreField = (label, key) => {
    const input = el("input", { type: "text", inputMode: "numeric", pattern: "[0-9]*", maxLength: 3, value: walkIn[key] === null || walkIn[key] === undefined ? "" : walkIn[key], "aria-label": `${label} · ${walkInLabel(walkIn)}` });
    input.addEventListener("input", () => {
      walkIn[key] = input.value.trim();
    });
    return el("label", {}, [label, input]);
  };
  return el("li", { className: "walk-in-item", dataset: { uuid: walkIn.uuid } }, [
    el("p", {}, [walkInLabel(walkIn), " ", el("span", { className: "code" }, [t("walkIn")])]),
    el("div", { className: "pick-list__details scores" }, [scoreField(t("preScore"), "pre_score"), scoreField(t("postScore"), "post_score")]),
    el("p", { className: "field-error", id: `e-walk_ins.${walkIn.uuid}`, hidden: true }),
    el("button", {
      type: "button",
      className: "button button--secondary",
      onclick: () => {
        state.walkIns = state.walkIns.filter((each) => each.uuid !== walkIn.uuid);
        walkInsShow();
      },
    }, [t("walkInRemove")]),
  ]);
}

function walkInsShow() {
  fill($("f-walk-ins"), ...state.walkIns.map(walkInItem));
  attendeeCountShow();
}

function walkInFormReset() {
  $("f-walk-in-consent").checked = false;
  $("f-walk-in-name").value = "";
  $("f-walk-in-name-part").hidden = true;
  $("f-walk-in-gender").value = "unstated";
  $("f-walk-in-year").value = "";
  $("e-walk-in").hidden = true;
}

function walkInAdd() {
  const consent = $("f-walk-in-consent").checked;
  const name = $("f-walk-in-name").value.trim();
  const yearText = $("f-walk-in-year").value.trim();
  const year = yearText ? Number(yearText) : null;
  const say = (message) => {
    $("e-walk-in").textContent = message;
    $("e-walk-in").hidden = false;
  };
  if (consent && !name) return say(t("walkInNameRequired"));
  if (yearText && (!/^[0-9]{4}$/.test(yearText) || year < 1900 || year > new Date().getFullYear())) {
    return say(t("walkInYear"));
  }
  state.walkIns.push({
    uuid: newUuid(),
    consent,
    // Without consent the name is not even kept on the phone.
    name: consent ? name : "",
    gender: $("f-walk-in-gender").value,
    birth_year: year,
    pre_score: "",
    post_score: "",
  });
  walkInFormReset();
  $("f-walk-in").hidden = true;
  walkInsShow();
  return null;
}

// Hides what does not match the search; ticked entries always stay in sight.
function filterList(list, query) {
  const words = searchable(query).split(/\s+/).filter(Boolean);
  let shown = 0;
  Array.from(list.children).forEach((item) => {
    if (!item.dataset.search) return;
    const ticked = item.querySelector("input[type=checkbox]").checked;
    const matches = words.every((word) => item.dataset.search.includes(word));
    item.hidden = !(ticked || matches);
    if (!item.hidden) shown += 1;
  });
  return shown;
}

async function groupShow(groupId, { keepAttendance } = {}) {
  const group = state.groups.find((each) => each.id === groupId);
  const modules = group ? await modulesFor(group, config.language) : [];
  const roster = group ? await rosterOf(group.id) : [];
  const offered = new Set(modules.map((module) => module.id));
  // A module ticked earlier but no longer downloaded stays listed, so it can be unticked.
  state.modules.forEach((picked) => {
    if (!offered.has(picked.id)) modules.push({ id: picked.id, code: "", title: picked.title || `#${picked.id}`, summary: "" });
  });
  if (!keepAttendance) {
    state.attendance = new Map();
    state.walkIns = [];
  }
  $("f-walk-in").hidden = true;
  $("f-walk-in-open").hidden = !group;
  const moduleList = $("f-modules");
  fill(moduleList, ...modules.map(moduleItem));
  filterList(moduleList, $("f-module-search").value);
  if (!modules.length) moduleList.append(el("li", { className: "muted" }, [group ? t("noModulesMatch") : ""]));

  // Farmers who left the roster are not offered for a new session, but stay ticked in
  // a session recorded before they left.
  const farmers = roster.filter((farmer) => !farmer.removed || state.attendance.has(farmer.member_code));
  fill($("f-roster"), ...farmers.map(attendeeItem));
  walkInsShow();
  const hasRoster = farmers.length > 0;
  $("f-roster-empty").hidden = hasRoster || !group;
  $("f-roster-empty").textContent = t("noRoster");
  form.querySelector("input[name=attendance_mode][value=roster]").disabled = !hasRoster;
  if (!hasRoster) modeSet("counts");
  else if (!keepAttendance) modeSet("roster");
  attendeeCountShow();
}

function modeSet(mode) {
  form.querySelector(`input[name=attendance_mode][value=${mode}]`).checked = true;
  $("f-roster-part").hidden = mode !== "roster";
  $("f-counts-part").hidden = mode !== "counts";
}

function locationShow() {
  const has = state.latitude !== null;
  $("f-location").textContent = has ? t("location", { latitude: state.latitude, longitude: state.longitude }) : "";
  $("f-location-clear").hidden = !has;
}

function photoItem(photo) {
  const url = URL.createObjectURL(photo.blob);
  const caption = el("input", { value: photo.caption || "", maxLength: config.limits.caption, "aria-label": t("caption"), placeholder: t("caption") });
  caption.addEventListener("input", () => {
    photo.caption = caption.value;
  });
  const item = el("li", {}, [
    el("img", { src: url, alt: "", width: 96, height: 96 }),
    caption,
    el("button", {
      type: "button",
      className: "button button--secondary",
      onclick: () => {
        URL.revokeObjectURL(url);
        state.photos = state.photos.filter((each) => each !== photo);
        if (photo.stored) state.removePhotos.push(photo.uuid);
        item.remove();
      },
    }, [t("removePhoto")]),
  ]);
  return item;
}

async function photosAdd(files) {
  const slot = $("e-photos");
  slot.hidden = true;
  for (const file of Array.from(files)) {
    try {
      const photo = { uuid: newUuid(), blob: await photoShrink(file), caption: "", stored: false };
      state.photos.push(photo);
      $("f-photos").append(photoItem(photo));
    } catch (notAPhoto) {
      slot.textContent = t("photoUnreadable");
      slot.hidden = false;
    }
  }
}

function draftRead() {
  const value = (id) => $(id).value.trim();
  return {
    uuid: state.uuid,
    group: value("f-group"),
    date: value("f-date"),
    starts_at: value("f-starts_at"),
    ends_at: value("f-ends_at"),
    method: value("f-method"),
    language: value("f-language"),
    place: value("f-place"),
    latitude: state.latitude,
    longitude: state.longitude,
    modules: Array.from(state.modules.values()),
    mode: form.querySelector("input[name=attendance_mode]:checked").value,
    attendance: Array.from(state.attendance.values()),
    walkIns: state.walkIns,
    counts: { women: value("f-women"), men: value("f-men"), other: value("f-other") },
    notes: value("f-notes"),
  };
}

// Opens the form for a new session (no uuid) or to correct one kept on the phone.
// Resolves false when that session cannot be changed.
export async function formOpen(uuid, onSaved) {
  const record = uuid ? await sessionGet(uuid) : null;
  if (uuid && (!record || !(record.status === SAVED || (record.status === REFUSED && record.code !== 409)))) {
    return false;
  }
  const payload = record ? record.payload : null;
  const photos = record ? (await photosOf(record.uuid)).filter((photo) => photo.status === "waiting") : [];
  state = {
    uuid: record ? record.uuid : newUuid(),
    onSaved,
    groups: await groupsAll(),
    modules: new Map(),
    attendance: new Map(),
    walkIns: [],
    latitude: payload && payload.latitude !== undefined ? payload.latitude : null,
    longitude: payload && payload.longitude !== undefined ? payload.longitude : null,
    photos: photos.map((photo) => ({ ...photo, stored: true })),
    removePhotos: [],
  };
  form.reset();
  $("form-title").textContent = record ? t("editSession") : t("newSession");
  fill($("f-group"), 
    el("option", { value: "" }, ["—"]),
    ...state.groups.map((group) => el("option", { value: group.id }, [group.region ? `${group.name} (${group.region})` : group.name]))
  );
  if (state.groups.length === 1 && !payload) $("f-group").value = String(state.groups[0].id);
  $("f-date").value = today();
  $("f-date").max = today();
  $("f-language").value = config.language;
  ["f-women", "f-men", "f-other"].forEach((id) => {
    $(id).value = "0";
  });
  if (payload) {
    $("f-group").value = String(payload.group);
    ["date", "starts_at", "ends_at", "method", "language", "place", "notes"].forEach((name) => {
      $(`f-${name}`).value = payload[name] || "";
    });
    const titles = (record.summary && record.summary.moduleTitles) || [];
    payload.modules.forEach((module, index) => state.modules.set(module.id, { ...module, title: titles[index] }));
    (payload.attendance || []).forEach((attendee) => state.attendance.set(attendee.member_code, attendee));
    state.walkIns = (payload.walk_ins || []).map((walkIn) => ({ ...walkIn, name: walkIn.name || "" }));
    if (payload.counts) {
      $("f-women").value = payload.counts.women;
      $("f-men").value = payload.counts.men;
      $("f-other").value = payload.counts.other;
    }
  }
  await groupShow(Number($("f-group").value), { keepAttendance: Boolean(payload) });
  if (payload) modeSet(payload.counts ? "counts" : "roster");
  locationShow();
  fill($("f-photos"), ...state.photos.map(photoItem));
  errorsShow(record && record.status === REFUSED ? serverErrorsForForm(record.errors, payload) : {});
  if (record && record.status === REFUSED && !Object.keys(record.errors || {}).length && record.message) {
    errorsShow({ form: record.message });
  }
  return true;
}

async function formSave(event) {
  event.preventDefault();
  const draft = draftRead();
  const { errors, payload } = sessionCheck(draft, { groups: state.groups, today: today(), photoCount: state.photos.length });
  errorsShow(errors);
  if (!payload) return;
  const group = state.groups.find((each) => each.id === payload.group);
  await sessionSave({
    record: {
      uuid: state.uuid,
      payload,
      summary: {
        groupName: group.name,
        moduleTitles: draft.modules.map((module) => module.title || `#${module.id}`),
        attendees: payload.attendance ? payload.attendance.length + (payload.walk_ins || []).length : payload.counts.women + payload.counts.men + payload.counts.other,
      },
    },
    // Photos kept from before are written again too: their captions may have changed.
    addPhotos: state.photos.map((photo) => ({ uuid: photo.uuid, blob: photo.blob, caption: photo.caption })),
    removePhotoUuids: state.removePhotos,
  });
  const done = state.onSaved;
  state = null;
  done();
}

form.addEventListener("submit", (event) => {
  formSave(event).catch((error) => errorsShow({ form: String(error && error.message ? error.message : error) }));
});
$("f-group").addEventListener("change", () => groupShow(Number($("f-group").value)));
$("f-module-search").addEventListener("input", (event) => {
  const shown = filterList($("f-modules"), event.target.value);
  $("e-modules").hidden = shown > 0;
  if (!shown) $("e-modules").textContent = t("noModulesMatch");
});
$("f-roster-search").addEventListener("input", (event) => filterList($("f-roster"), event.target.value));
fill($("f-walk-in-gender"), ...Object.keys(config.genders).map((value) => el("option", { value }, [config.genders[value]])));
$("f-walk-in-open").addEventListener("click", () => {
  walkInFormReset();
  $("f-walk-in").hidden = false;
  $("f-walk-in-consent").focus();
});
$("f-walk-in-consent").addEventListener("change", () => {
  $("f-walk-in-name-part").hidden = !$("f-walk-in-consent").checked;
});
$("f-walk-in-save").addEventListener("click", walkInAdd);
form.querySelectorAll("input[name=attendance_mode]").forEach((radio) => {
  radio.addEventListener("change", () => modeSet(radio.value));
});
$("f-photo").addEventListener("change", (event) => {
  const files = event.target.files;
  photosAdd(files).then(() => {
    event.target.value = "";
  });
});
$("f-location-clear").addEventListener("click", () => {
  state.latitude = null;
  state.longitude = null;
  locationShow();
});
$("f-locate").addEventListener("click", () => {
  if (!navigator.geolocation) {
    $("f-location").textContent = t("locationFailed");
    return;
  }
  $("f-location").textContent = t("locating");
  navigator.geolocation.getCurrentPosition(
    (position) => {
      // Five decimals, about a metre: what the server keeps.
      state.latitude = position.coords.latitude.toFixed(5);
      state.longitude = position.coords.longitude.toFixed(5);
      locationShow();
    },
    () => {
      $("f-location").textContent = t("locationFailed");
    },
    { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 }
  );
});
