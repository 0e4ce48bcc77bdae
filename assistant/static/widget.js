/* CQC assessment assistant: intranet chat widget. One self-contained script, no dependencies.
 *
 *   <script src="https://assistant.example/widget.js" data-service-url="https://assistant.example"
 *           data-api-key="READER-KEY" data-council="Derby City Council"></script>
 *
 * The chat renders where the script tag stands (or inside the element matched by data-target), isolated
 * in a shadow root. It calls the service's /v1/chat from the host page's origin, so that origin must be
 * in the service's CORS allow-list (CQC_API__CORS_ORIGINS). The /embed page runs the same script in an
 * iframe: /embed?council=NAME#key=KEY (the key stays in the fragment, never sent to a server log).
 * All answer and document text is inserted as text nodes, never parsed as HTML. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var data = script.dataset || {};
  var embedded = data.embed === "true";
  var params = new URLSearchParams(embedded ? location.search : "");
  var fragment = new URLSearchParams(embedded ? location.hash.replace(/^#/, "") : "");
  var serviceUrl = (embedded ? location.origin : (data.serviceUrl || new URL(script.src, location.href).origin))
    .replace(/\/+$/, "");
  var apiKey = (embedded ? fragment.get("key") : data.apiKey) || "";
  var council = ((embedded ? params.get("council") : data.council) || "").trim();
  var title = data.title || "Ask the CQC assessment assistant";
  var uid = Math.random().toString(36).slice(2, 8);

  var CSS = [
    ":host { all: initial; display: block; }",
    ".w { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif; font-size: 16px;",
    "  line-height: 1.5; color: #1b1b1b; background: #fff; border: 1px solid #c4c9d1; border-radius: 8px;",
    "  padding: 12px; max-width: 40rem; box-sizing: border-box; }",
    ".w * { box-sizing: border-box; }",
    "h2 { font-size: 1.15rem; margin: 0 0 4px; }",
    ".hint { color: #4a4a4a; font-size: 0.875rem; margin: 0 0 8px; }",
    ".log { list-style: none; margin: 8px 0; padding: 0; max-height: 26rem; overflow-y: auto; }",
    ".msg { margin: 0 0 8px; padding: 8px 10px; border-radius: 6px; border: 1px solid #c4c9d1; }",
    ".user { background: #f3f5f8; }",
    ".who { font-size: 0.8rem; font-weight: 700; color: #4a4a4a; margin: 0; }",
    ".text p { margin: 0 0 6px; white-space: pre-wrap; overflow-wrap: anywhere; }",
    "a, .link { color: #1d4f91; }",
    ".cite { font-weight: 700; text-decoration: none; font-size: 0.875em; }",
    ".cite:hover { text-decoration: underline; }",
    "label { display: block; font-weight: 600; margin: 4px 0; }",
    "textarea { width: 100%; font: inherit; color: #1b1b1b; border: 2px solid #5f6670; border-radius: 4px; padding: 6px; }",
    ".row { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 6px; }",
    "button { font: inherit; min-height: 40px; border-radius: 4px; padding: 4px 12px; cursor: pointer;",
    "  border: 2px solid #1d4f91; background: #1d4f91; color: #fff; }",
    "button.secondary { background: #fff; color: #1d4f91; }",
    "button.chip { font-size: 0.875rem; border-width: 1px; border-radius: 999px; background: #fff; color: #1d4f91; min-height: 32px; text-align: left; }",
    "button[disabled] { opacity: 0.6; }",
    ":focus-visible { outline: 3px solid #1d4f91; outline-offset: 2px; box-shadow: 0 0 0 6px #ffbf47; }",
    ".source { margin-top: 8px; padding: 8px 10px; background: #f3f5f8; border-left: 4px solid #1d4f91; }",
    ".source h3 { font-size: 1rem; margin: 0 0 4px; }",
    ".source p { margin: 0 0 6px; overflow-wrap: anywhere; }",
    "mark { background: #ffe066; color: #1b1b1b; white-space: pre-wrap; }",
    ".sr { position: absolute; width: 1px; height: 1px; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }",
    ".error { color: #a4262c; font-weight: 600; }",
  ].join("\n");

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k === "text") node.textContent = String(v);
      else if (k === "className") node.className = v;
      else node.setAttribute(k, v === true ? "" : String(v));
    });
    (children || []).forEach(function (c) {
      if (c !== null && c !== undefined) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function formatDate(value) {
    var d = value ? new Date(String(value) + (String(value).length === 10 ? "T00:00:00" : "")) : null;
    if (!d || isNaN(d.getTime())) return value ? String(value) : "date not stated";
    return d.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
  }

  // ---- build the widget ---------------------------------------------------------------------------
  var host = el("div", { className: "cqc-assistant-widget", "data-cqc-widget": "true" });
  var target = data.target ? document.querySelector(data.target) : null;
  if (target) target.appendChild(host);
  else script.parentNode.insertBefore(host, script.nextSibling);
  var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
  try {
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
  } catch (e) {
    root.appendChild(el("style", { text: CSS }));
  }
  var headingId = "cqc-w-title-" + uid;
  var inputId = "cqc-w-q-" + uid;
  var log = el("ol", { className: "log", "aria-label": "Conversation" });
  var live = el("div", { className: "sr", role: "status", "aria-live": "polite", "aria-atomic": "true" });
  var sourceBox = el("div", { className: "source", hidden: true, tabindex: "-1" });
  var input = el("textarea", { id: inputId, rows: 2, maxlength: 1000, required: true });
  input.placeholder = council ? "For example: what did CQC find about our safeguarding?" : "";
  var send = el("button", { type: "submit", text: "Ask" });
  var reset = el("button", { type: "button", className: "secondary", text: "New conversation" });
  var form = el("form", null, [el("label", { for: inputId, text: "Your question" }), input,
    el("div", { className: "row" }, [send, reset])]);
  var chips = el("div", { className: "row", role: "group", "aria-label": "Suggested questions" });
  var widget = el("section", { className: "w", "aria-labelledby": headingId }, [
    el("h2", { id: headingId, text: title }),
    el("p", { className: "hint", text: "Answers cite CQC reports and council documents. Select a [number] to see the quoted passage." +
      (council ? " Questions that name no council are about " + council + "." : "") }),
    chips, log, sourceBox, form, live,
  ]);
  root.appendChild(widget);
  if (council) {
    ["What is " + council + "'s overall rating?", "What were the key findings for safeguarding in " + council + "?",
     "Which quality statements did " + council + " score lowest on?"].forEach(function (q) {
      var chip = el("button", { type: "button", className: "chip", text: q });
      chip.addEventListener("click", function () { ask(q); });
      chips.appendChild(chip);
    });
  }

  // ---- talking to the service ---------------------------------------------------------------------
  var conversationId = null, busy = false, turns = 0;
  function say(message) { live.textContent = ""; window.setTimeout(function () { live.textContent = message; }, 50); }
  function headers() {
    var h = { "Content-Type": "application/json", Accept: "text/event-stream" };
    if (apiKey) h.Authorization = "Bearer " + apiKey;
    return h;
  }
  function stream(body, onEvent) {
    return fetch(serviceUrl + "/v1/chat", { method: "POST", headers: headers(), body: JSON.stringify(body), mode: "cors",
      credentials: "omit" }).then(function (r) {
      if (!r.ok) {
        return r.text().then(function (t) {
          var msg = r.status + " error";
          try { var p = JSON.parse(t); msg = p.detail || p.title || msg; } catch (e) { /* not JSON */ }
          throw new Error(msg);
        });
      }
      var reader = r.body.getReader(), decoder = new TextDecoder(), buffer = "";
      function dispatch(block) {
        var name = "message", lines = [];
        block.split(/\r?\n/).forEach(function (line) {
          if (!line || line.charAt(0) === ":") return;
          var i = line.indexOf(":"), field = i < 0 ? line : line.slice(0, i);
          var value = i < 0 ? "" : line.slice(i + 1).replace(/^ /, "");
          if (field === "event") name = value; else if (field === "data") lines.push(value);
        });
        if (!lines.length) return;
        var parsed;
        try { parsed = JSON.parse(lines.join("\n")); } catch (e) { parsed = lines.join("\n"); }
        onEvent(name, parsed);
      }
      function pump() {
        return reader.read().then(function (chunk) {
          if (chunk.done) { if (buffer.trim()) dispatch(buffer); return; }
          buffer += decoder.decode(chunk.value, { stream: true });
          var parts = buffer.split(/\r?\n\r?\n/);
          buffer = parts.pop();
          parts.forEach(dispatch);
          return pump();
        });
      }
      return pump();
    });
  }

  var MARKER = /\[(\d+(?:\s*[,;]\s*\d+)*)\]/g;
  function renderText(box, text, citations) {
    clear(box);
    var byN = {};
    citations.forEach(function (c) { byN[c.n] = c; });
    String(text || "").split(/\n{2,}/).forEach(function (para) {
      var p = el("p"), last = 0, m;
      MARKER.lastIndex = 0;
      while ((m = MARKER.exec(para)) !== null) {
        if (m.index > last) p.appendChild(document.createTextNode(para.slice(last, m.index)));
        m[1].split(/\s*[,;]\s*/).forEach(function (num, i) {
          var n = parseInt(num, 10), c = byN[n];
          if (i > 0) p.appendChild(document.createTextNode(" "));
          if (!c) { p.appendChild(document.createTextNode("[" + n + "]")); return; }
          var a = el("a", { href: "#", className: "cite", "aria-label": "Source " + n + ": " + c.title, text: "[" + n + "]" });
          a.addEventListener("click", function (e) { e.preventDefault(); showSource(c); });
          p.appendChild(a);
        });
        last = m.index + m[0].length;
      }
      if (last < para.length) p.appendChild(document.createTextNode(para.slice(last)));
      box.appendChild(p);
    });
  }
  function showSource(c) {
    clear(sourceBox);
    var close = el("button", { type: "button", className: "secondary", text: "Close source" });
    close.addEventListener("click", function () { sourceBox.hidden = true; input.focus(); });
    var open = el("a", { href: serviceUrl + "/#/document/" + encodeURIComponent(c.document) + "?start=" + c.start + "&end=" + c.end,
      target: "_blank", rel: "noopener noreferrer", text: "Open the whole document" });
    sourceBox.appendChild(el("h3", { text: "[" + c.n + "] " + c.title }));
    sourceBox.appendChild(el("p", { className: "hint", text: [c.publisher || "Publisher not stated", formatDate(c.published),
      c.section || ""].filter(Boolean).join(" · ") }));
    sourceBox.appendChild(el("p", null, ["“", el("mark", { text: c.quote }), "”"]));
    sourceBox.appendChild(el("p", null, [open]));
    sourceBox.appendChild(close);
    sourceBox.hidden = false;
    sourceBox.focus();
  }
  function ask(question) {
    question = question.trim();
    if (!question || busy) return;
    busy = true; send.disabled = true; turns += 1;
    log.appendChild(el("li", { className: "msg user" }, [el("p", { className: "who", text: "You" }),
      el("div", { className: "text" }, [el("p", { text: question })])]));
    var box = el("div", { className: "text" }, [el("p", { text: "…" })]);
    var item = el("li", { className: "msg", "aria-busy": "true", "data-turn": String(turns) },
      [el("p", { className: "who", text: "Assistant" }), box]);
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
    say("Answering…");
    var text = "", citations = [], finalAnswer = null;
    var body = { question: question };
    if (conversationId) body.conversation_id = conversationId;
    if (council) body.council = council;  // questions that name no council are about this one
    stream(body, function (name, d) {
      if (name === "analysis" && d && d.conversation_id) conversationId = d.conversation_id;
      else if (name === "delta") { text += (d && d.text) || ""; renderText(box, text, citations); }
      else if (name === "citation") { citations.push(d && d.citation ? d.citation : d); renderText(box, text, citations); }
      else if (name === "final") finalAnswer = d && d.answer && d.answer.answer !== undefined ? d.answer : d;
      else if (name === "error") throw new Error((d && (d.detail || d.title)) || "The answer failed.");
      log.scrollTop = log.scrollHeight;
    }).then(function () {
      if (finalAnswer) {
        text = finalAnswer.answer; citations = finalAnswer.citations || citations;
        if (finalAnswer.conversation_id) conversationId = finalAnswer.conversation_id;
      }
      renderText(box, text, citations);
      item.setAttribute("data-done", "true");
      say("Answer: " + text.replace(MARKER, ""));
    }).catch(function (err) {
      clear(box);
      box.appendChild(el("p", { className: "error", text: "The assistant could not answer: " + err.message }));
      item.setAttribute("data-done", "error");
      say("Error: " + err.message);
    }).then(function () {
      item.removeAttribute("aria-busy");
      busy = false; send.disabled = false;
    });
  }
  form.addEventListener("submit", function (e) { e.preventDefault(); var q = input.value; input.value = ""; ask(q); });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); form.requestSubmit(); }
  });
  reset.addEventListener("click", function () {
    conversationId = null; clear(log); sourceBox.hidden = true; say("New conversation started."); input.focus();
  });
})();
