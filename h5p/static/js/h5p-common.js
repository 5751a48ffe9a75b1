// What the two H5P players share, written once (decisions 0014 and 0033-h5p-offline):
// the online one (the module page's js/h5p-activity.js and the sandboxed player frame's
// js/h5p-frame.js) and the trainer app's offline one (training_delivery's
// js/h5p-offline.js and js/h5p-host.js, a floor above, which may use h5p's files; h5p
// never uses theirs). A classic script that only defines: it names its functions on
// `self` as BackpackH5PCommon, and does nothing else, so it may be loaded by a <script>
// (module page, player frame, offline host page) or imported for that effect by an ES
// module (the app's js/h5p-offline.js).
(function () {
  "use strict";
  if (self.BackpackH5PCommon) return;

  var MAX_STATEMENT_CHARS = 32 * 1024;

  // H5P core reads and writes localStorage (actor id, clipboard, request queue); in an
  // opaque origin merely touching window.localStorage throws. A storage kept in memory
  // lets the player run; nothing in it outlives the frame, and the page keeps what matters.
  // Self-contained (it uses nothing outside its own body): js/h5p-host.js writes its
  // source into the package's srcdoc frame, where nothing of this file exists.
  function installMemoryStorage(win) {
    function memoryStorage() {
      var items = {};
      return {
        getItem: function (key) {
          return Object.prototype.hasOwnProperty.call(items, key) ? items[key] : null;
        },
        setItem: function (key, value) {
          items[key] = String(value);
        },
        removeItem: function (key) {
          delete items[key];
        },
        clear: function () {
          items = {};
        },
        key: function (index) {
          return Object.keys(items)[index] || null;
        },
        get length() {
          return Object.keys(items).length;
        },
      };
    }
    ["localStorage", "sessionStorage"].forEach(function (name) {
      try {
        win[name].getItem("probe");
      } catch (error) {
        Object.defineProperty(win, name, { value: memoryStorage(), configurable: true });
      }
    });
  }

  function isPlainObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  // An xAPI statement as a player frame reports it: an object with a verb id, and not
  // larger than the server takes.
  function isStatement(value) {
    return (
      isPlainObject(value) &&
      isPlainObject(value.verb) &&
      typeof value.verb.id === "string" &&
      JSON.stringify(value).length <= MAX_STATEMENT_CHARS
    );
  }

  self.BackpackH5PCommon = {
    installMemoryStorage: installMemoryStorage,
    isPlainObject: isPlainObject,
    isStatement: isStatement,
  };
})();
