// Redoc's bundle draws its "API docs by Redocly" logo from https://cdn.redoc.ly, the only thing
// the docs page would load from another host (the Content-Security-Policy blocks it, with a
// violation on every visit). Loaded before Redoc: an <img> given that address gets none, and
// Redoc's own onError handler then leaves the logo out; the "API docs by Redocly" text stays.
(function () {
  "use strict";
  var REDOC_CDN = "https://cdn.redoc.ly/";
  var setAttribute = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (name, value) {
    if (this instanceof HTMLImageElement && name === "src" && String(value).indexOf(REDOC_CDN) === 0) {
      this.dispatchEvent(new Event("error"));
      return;
    }
    return setAttribute.call(this, name, value);
  };
  var descriptor = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, "src");
  Object.defineProperty(HTMLImageElement.prototype, "src", {
    configurable: true,
    enumerable: descriptor.enumerable,
    get: descriptor.get,
    set: function (value) {
      if (String(value).indexOf(REDOC_CDN) === 0) {
        return;
      }
      descriptor.set.call(this, value);
    },
  });
})();
