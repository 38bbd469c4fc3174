/* actrm_lab docs: a small Web Worker stand-in for pages opened from file:// (Chromium refuses `new Worker` there),
   so that Material's search runs offline. The worker script runs in a hidden same-origin iframe; messages are
   passed as MessageEvents both ways. (Material's offline plugin would load its own shim from unpkg.com instead.)
   Written for this project; its name contains "iframe-worker" so the offline plugin adds no CDN copy. */
(function () {
  if (location.protocol !== "file:") return;
  class FrameWorker extends EventTarget {
    constructor(url) {
      super();
      this.onmessage = null; this.onerror = null; this._queue = []; this._ready = false;
      const frame = this._frame = document.createElement("iframe");
      frame.hidden = true; frame.setAttribute("aria-hidden", "true");
      (document.body || document.documentElement).appendChild(frame);
      const w = frame.contentWindow, d = frame.contentDocument;
      w.postMessage = data => setTimeout(() => this._emit(new MessageEvent("message", {data})));
      w.importScripts = (...urls) => Promise.all(urls.map(u => new Promise((ok, bad) => {
        const s = d.createElement("script"); s.src = new URL(u, this._url).href; s.onload = ok; s.onerror = bad;
        d.head.appendChild(s);
      })));
      this._url = new URL(url, location.href).href;
      const s = d.createElement("script");
      s.src = this._url;
      s.onload = () => { this._ready = true; this._queue.splice(0).forEach(m => this._deliver(m)); };
      s.onerror = e => this._emit(new ErrorEvent("error", {message: "worker script failed: " + this._url}));
      d.head.appendChild(s);
    }
    _emit(ev) {
      const h = ev.type === "message" ? this.onmessage : this.onerror;
      if (typeof h === "function") h.call(this, ev);
      this.dispatchEvent(ev);
    }
    _deliver(data) {
      const w = this._frame.contentWindow;
      setTimeout(() => w.dispatchEvent(new w.MessageEvent("message", {data: structuredClone(data)})));
    }
    postMessage(data) { this._ready ? this._deliver(data) : this._queue.push(data); }
    terminate() { this._frame.remove(); }
  }
  window.Worker = FrameWorker;
})();
