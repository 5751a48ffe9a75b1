// The server's rules for a session (training_delivery/serializers.py), checked on the
// phone before saving, so a trainer corrects a session while still with the group
// rather than days later. The server checks again; what only it knows (a farmer removed
// since the last sync, a module unpublished) can still be refused there.
//
// Errors are keyed by field: "date", "modules", and per item "modules.<module id>",
// "attendance.<member code>", so a message sits next to what it is about.

import { appConfig, isoDate, t } from "./util.js";

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const EARLIEST = "2000-01-01";

function wholeNumber(text, max) {
  if (!/^\d+$/.test(String(text).trim())) return null;
  const number = Number(text);
  return number <= max ? number : null;
}

// An optional score: "" is none; otherwise a whole number from 0 to 100.
export function scoreRead(text) {
  if (text === "" || text === null || text === undefined) return { ok: true, value: null };
  const value = wholeNumber(text, 100);
  return value === null ? { ok: false } : { ok: true, value };
}

function realDate(text) {
  if (!DATE.test(text)) return false;
  const [year, month, day] = text.split("-").map(Number);
  const date = new Date(year, month - 1, day);
  return isoDate(date) === text;
}

// `draft` holds the form's values as typed; returns {errors, payload}. payload is what
// is uploaded, built only when there is no error.
export function sessionCheck(draft, { groups, today, photoCount }) {
  const limits = appConfig().limits;
  const errors = {};
  const methods = appConfig().methods.map((pair) => pair[0]);
  const languages = appConfig().languages.map((pair) => pair[0]);
  const group = groups.find((each) => each.id === Number(draft.group));
  if (!group) errors.group = t("groupRequired");

  if (!draft.date || !realDate(draft.date)) errors.date = t("dateRequired");
  // The phone's date is never behind the server's UTC date by more than the day the
  // server tolerates, so "not after today here" is never stricter than the server.
  else if (draft.date > today) errors.date = t("dateFuture");
  else if (draft.date < EARLIEST) errors.date = t("dateTooEarly");

  if (!TIME.test(draft.starts_at || "")) errors.starts_at = t("startRequired");
  if (!TIME.test(draft.ends_at || "")) errors.ends_at = t("endRequired");
  else if (!errors.starts_at && draft.ends_at <= draft.starts_at) errors.ends_at = t("endBeforeStart");

  if (!methods.includes(draft.method)) errors.method = t("methodRequired");
  if (!languages.includes(draft.language)) errors.language = t("languageRequired");
  if ((draft.place || "").length > limits.place) errors.place = t("tooLong", { limit: limits.place });
  if ((draft.latitude === null) !== (draft.longitude === null)) errors.longitude = t("coordinatesBoth");

  if (!draft.modules.length) errors.modules = t("modulesRequired");
  else if (draft.modules.length > limits.modules) errors.modules = t("modulesTooMany", { limit: limits.modules });
  draft.modules.forEach((module) => {
    if ((module.feedback || "").length > limits.feedback) {
      errors[`modules.${module.id}`] = t("tooLong", { limit: limits.feedback });
    }
  });

  let attendance = [];
  let walkIns = [];
  let counts = null;
  if (draft.mode === "roster") {
    // Farmers not on the roster, added on the phone (decision 0023): a name only with
    // their consent, else gender and birth year.
    walkIns = (draft.walkIns || []).map((walkIn) => {
      const pre = scoreRead(walkIn.pre_score);
      const post = scoreRead(walkIn.post_score);
      if (!pre.ok || !post.ok) errors[`walk_ins.${walkIn.uuid}`] = t("scoreRange");
      const row = { uuid: walkIn.uuid, consent: Boolean(walkIn.consent), gender: walkIn.gender || "unstated" };
      if (walkIn.consent) row.name = walkIn.name;
      if (walkIn.birth_year) row.birth_year = walkIn.birth_year;
      if (pre.ok && pre.value !== null) row.pre_score = pre.value;
      if (post.ok && post.value !== null) row.post_score = post.value;
      return row;
    });
    attendance = draft.attendance.map((attendee) => {
      const pre = scoreRead(attendee.pre_score);
      const post = scoreRead(attendee.post_score);
      if (!pre.ok || !post.ok) errors[`attendance.${attendee.member_code}`] = t("scoreRange");
      const row = { member_code: attendee.member_code };
      if (pre.ok && pre.value !== null) row.pre_score = pre.value;
      if (post.ok && post.value !== null) row.post_score = post.value;
      return row;
    });
    if (!attendance.length && !walkIns.length) errors.attendance = t("nobody");
    else if (attendance.length > limits.attendance) {
      errors.attendance = t("attendanceTooMany", { limit: limits.attendance });
    }
  } else {
    counts = {};
    ["women", "men", "other"].forEach((name) => {
      const value = wholeNumber(draft.counts[name] === "" ? "0" : draft.counts[name], limits.count);
      if (value === null) errors.counts = t("countRange", { limit: limits.count });
      counts[name] = value || 0;
    });
    if (!errors.counts && counts.women + counts.men + counts.other === 0) errors.counts = t("nobody");
  }

  if ((draft.notes || "").length > limits.notes) errors.notes = t("tooLong", { limit: limits.notes });
  if (photoCount > limits.photos) errors.photos = t("photosTooMany", { count: limits.photos });

  if (Object.keys(errors).length) return { errors, payload: null };
  const payload = {
    uuid: draft.uuid,
    group: group.id,
    date: draft.date,
    starts_at: draft.starts_at,
    ends_at: draft.ends_at,
    method: draft.method,
    language: draft.language,
    place: draft.place || "",
    modules: draft.modules.map((module) => {
      const row = { id: module.id };
      if (module.feedback_rating) row.feedback_rating = module.feedback_rating;
      if (module.feedback) row.feedback = module.feedback;
      return row;
    }),
    notes: draft.notes || "",
  };
  if (draft.latitude !== null) {
    payload.latitude = draft.latitude;
    payload.longitude = draft.longitude;
  }
  if (draft.mode === "roster") {
    payload.attendance = attendance;
    if (walkIns.length) payload.walk_ins = walkIns;
  } else payload.counts = counts;
  return { errors: {}, payload };
}

// The server's error keys ("attendance.2.pre_score", counted from 1) as the form's.
export function serverErrorsForForm(errors, payload) {
  const mapped = {};
  Object.keys(errors || {}).forEach((key) => {
    const parts = key.split(".");
    const messages = [].concat(errors[key]).join(" ");
    let name = parts[0];
    const index = Number(parts[1]) - 1;
    if (name === "attendance" && payload.attendance && payload.attendance[index]) {
      name = `attendance.${payload.attendance[index].member_code}`;
    } else if (name === "modules" && payload.modules[index]) {
      name = `modules.${payload.modules[index].id}`;
    } else if (name === "latitude") {
      name = "longitude";
    } else if (!["group", "date", "starts_at", "ends_at", "method", "language", "place", "longitude", "modules", "attendance", "counts", "notes"].includes(name)) {
      name = "form";
    }
    mapped[name] = mapped[name] ? `${mapped[name]} ${messages}` : messages;
  });
  return mapped;
}
