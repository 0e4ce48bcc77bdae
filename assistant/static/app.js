/* CQC assessment assistant: single-page UI over the /v1 API. No framework, no build step.
 * Every piece of document or answer text reaches the page through textContent / text nodes only. */
(function () {
  "use strict";

  var KEY_STORE = "cqc-assistant-api-key";
  var CONTEXT_CHARS = 700;
  var state = {
    taxonomy: null, conversationId: null, busy: false, scores: [],
    sort: { key: "council", dir: "ascending" }, selectedCell: null, plan: null,
    docTexts: {}, lastCitationTrigger: null, role: null, chartCouncil: "",
  };

  // ---- small DOM helpers --------------------------------------------------------------------------
  function $(id) { return document.getElementById(id); }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (name) {
        var value = attrs[name];
        if (value === null || value === undefined || value === false) return;
        if (name === "text") node.textContent = String(value);
        else if (name === "className") node.className = value;
        else node.setAttribute(name, value === true ? "" : String(value));
      });
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function announce(message) {
    var region = $("announcer");
    region.textContent = "";
    window.setTimeout(function () { region.textContent = message; }, 50);
  }
  function showError(message) {
    var box = $("alert");
    box.textContent = message;
    box.hidden = !message;
  }
  function formatDate(value, asStated) {
    if (asStated) return String(asStated);
    if (!value) return "date not stated";
    var d = new Date(value + (String(value).length === 10 ? "T00:00:00" : ""));
    if (isNaN(d.getTime())) return String(value);
    return d.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
  }

  /* Text of a document as a reader should see it: markdown markers (#, **, list dashes, links, quotes)
   * removed. Display only: the stored span and its offsets stay exact (kept in data-quote). */
  function displayText(text) {
    return String(text || "")
      .replace(/^[ \t]*#{1,6}[ \t]+/gm, "")
      .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, "$2")
      .replace(/\*\*|__/g, "")
      .replace(/^[ \t]*[-*+][ \t]+/gm, "• ")
      .replace(/^[ \t]*>[ \t]?/gm, "")
      .replace(/!?\[([^\]\n]*)\]\([^)\n]*\)/g, "$1")
      .replace(/`+/g, "")
      .replace(/^[ \t]*\|?[ \t]*:?-{3,}.*$/gm, "")
      .replace(/\n{3,}/g, "\n\n");
  }

  // ---- API client ---------------------------------------------------------------------------------
  function apiKey() { try { return sessionStorage.getItem(KEY_STORE) || ""; } catch (e) { return ""; } }
  function headers(extra) {
    var h = Object.assign({ Accept: "application/json" }, extra || {});
    var key = apiKey();
    if (key) h.Authorization = "Bearer " + key;
    return h;
  }
  function ApiError(status, message) { this.status = status; this.message = message; }
  function problemMessage(response) {
    return response.text().then(function (body) {
      var message = response.status + " " + (response.statusText || "error");
      try {
        var data = JSON.parse(body);
        message = data.detail || data.title || data.message || message;
      } catch (e) { /* not JSON */ }
      if (response.status === 401) message += " Enter an API key with the API key button.";
      if (response.status === 403) message += " This needs an admin key.";
      throw new ApiError(response.status, message);
    });
  }
  function api(method, path, body) {
    var init = { method: method, headers: headers(body ? { "Content-Type": "application/json" } : null) };
    if (body !== undefined) init.body = JSON.stringify(body);
    return fetch(path, init).then(function (r) {
      if (!r.ok) return problemMessage(r);
      if (r.status === 204) return null;
      return r.json();
    });
  }
  function apiBlob(path, body) {
    return fetch(path, {
      method: "POST", headers: headers({ "Content-Type": "application/json", Accept: "*/*" }),
      body: JSON.stringify(body),
    }).then(function (r) { return r.ok ? r.blob() : problemMessage(r); });
  }
  /* POST that answers text/event-stream: calls onEvent(name, data) for each event. */
  function stream(path, body, onEvent) {
    return fetch(path, {
      method: "POST", headers: headers({ "Content-Type": "application/json", Accept: "text/event-stream" }),
      body: JSON.stringify(body),
    }).then(function (r) {
      if (!r.ok) return problemMessage(r);
      var reader = r.body.getReader();
      var decoder = new TextDecoder();
      var buffer = "";
      function dispatch(block) {
        var name = "message", data = [];
        block.split(/\r?\n/).forEach(function (line) {
          if (!line || line.charAt(0) === ":") return;
          var i = line.indexOf(":");
          var field = i < 0 ? line : line.slice(0, i);
          var value = i < 0 ? "" : line.slice(i + 1).replace(/^ /, "");
          if (field === "event") name = value;
          else if (field === "data") data.push(value);
        });
        if (!data.length) return;
        var parsed;
        try { parsed = JSON.parse(data.join("\n")); } catch (e) { parsed = data.join("\n"); }
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

  // ---- answers with citation links ----------------------------------------------------------------
  var MARKER = /\[(\d+(?:\s*[,;]\s*\d+)*)\]/g;

  /* Append answer text to `container`: paragraphs, with each [n] turned into a link to citation n. */
  function renderAnswerText(container, text, citations, label) {
    clear(container);
    var byN = {};
    (citations || []).forEach(function (c) { byN[c.n] = c; });
    String(text || "").split(/\n{2,}/).forEach(function (para) {
      var p = el("p");
      var last = 0, match;
      MARKER.lastIndex = 0;
      while ((match = MARKER.exec(para)) !== null) {
        if (match.index > last) p.appendChild(document.createTextNode(para.slice(last, match.index)));
        match[1].split(/\s*[,;]\s*/).forEach(function (num, i) {
          var n = parseInt(num, 10);
          if (i > 0) p.appendChild(document.createTextNode(" "));
          p.appendChild(citationLink(n, byN[n], label));
        });
        last = match.index + match[0].length;
      }
      if (last < para.length) p.appendChild(document.createTextNode(para.slice(last)));
      container.appendChild(p);
    });
  }
  function citationLink(n, citation, label) {
    var text = "[" + n + "]";
    if (!citation) return el("span", { className: "cite-pending", text: text });
    var a = el("a", {
      href: "#cite-" + (label || "") + "-" + n, className: "cite-link", "data-cite": n,
      "data-doc": citation.document, "data-start": citation.start, "data-end": citation.end,
      "aria-label": "Source " + n + ": " + citation.title,
    }, [text]);
    a.addEventListener("click", function (event) {
      event.preventDefault();
      openCitation(citation, a);
    });
    return a;
  }
  function renderSources(list, citations) {
    clear(list);
    (citations || []).forEach(function (c) {
      var link = el("a", { href: "#source-" + c.n, className: "source-link", "data-cite": c.n },
        [displayText(c.title + (c.section ? " — " + c.section : ""))]);
      link.addEventListener("click", function (event) { event.preventDefault(); openCitation(c, link); });
      list.appendChild(el("li", { value: c.n }, [link]));
    });
  }
  /* A complete answer block (text + numbered sources) for non-streamed answers. */
  function renderAnswer(container, answer, label) {
    clear(container);
    var body = el("div", { className: "answer-text" });
    renderAnswerText(body, answer.answer, answer.citations, label);
    container.appendChild(body);
    if (answer.citations && answer.citations.length) {
      var heading = el("h3", { className: "small-heading", text: "Sources" });
      var list = el("ol", { className: "sources" });
      renderSources(list, answer.citations);
      container.appendChild(heading);
      container.appendChild(list);
    }
  }

  // ---- citation panel -----------------------------------------------------------------------------
  function documentText(docId) {
    if (!state.docTexts[docId]) {
      state.docTexts[docId] = api("GET", "/v1/documents/" + encodeURIComponent(docId) + "/text")
        .catch(function (err) { delete state.docTexts[docId]; throw err; });
    }
    return state.docTexts[docId];
  }
  function snapStart(text, i) {
    if (i <= 0) return 0;
    var nl = text.lastIndexOf("\n", i);
    return nl > i - 200 && nl >= 0 ? nl + 1 : i;
  }
  function snapEnd(text, i) {
    if (i >= text.length) return text.length;
    var nl = text.indexOf("\n", i);
    return nl >= 0 && nl < i + 200 ? nl : i;
  }
  /* Fill `node` with text[from:to] with the span start..end wrapped in <mark>. */
  function highlighted(node, text, from, to, start, end, clean) {
    var show = clean ? displayText : function (t) { return t; };
    clear(node);
    if (from > 0) node.appendChild(document.createTextNode("…"));
    node.appendChild(document.createTextNode(show(text.slice(from, start))));
    var mark = el("mark", { id: node.id ? node.id + "-mark" : null, "data-quote": text.slice(start, end) },
      [show(text.slice(start, end)).trim() || text.slice(start, end)]);
    node.appendChild(mark);
    node.appendChild(document.createTextNode(show(text.slice(end, to))));
    if (to < text.length) node.appendChild(document.createTextNode("…"));
    return mark;
  }
  function openCitation(citation, trigger) {
    var panel = $("citation-panel");
    state.lastCitationTrigger = trigger || null;
    $("citation-title").textContent = "[" + citation.n + "] " + displayText(citation.title);
    var meta = $("citation-meta");
    clear(meta);
    [["Publisher", citation.publisher || "not stated"],
     ["Published", formatDate(citation.published, citation.published_as)],
     ["Council", citation.council || "—"], ["Section", displayText(citation.section) || "—"]].forEach(function (row) {
      meta.appendChild(el("dt", { text: row[0] }));
      meta.appendChild(el("dd", { text: row[1] }));
    });
    var context = $("citation-context");
    context.textContent = displayText(citation.quote);
    context.setAttribute("data-quote", citation.quote);
    var open = $("citation-open");
    open.href = "#/document/" + encodeURIComponent(citation.document) + "?start=" + citation.start +
      "&end=" + citation.end;
    panel.hidden = false;
    document.body.classList.add("panel-open");
    panel.scrollTop = 0;
    panel.focus();
    documentText(citation.document).then(function (doc) {
      var text = doc.text;
      if (text.slice(citation.start, citation.end) !== citation.quote) return; // keep the bare quote
      var from = snapStart(text, Math.max(0, citation.start - CONTEXT_CHARS));
      var to = snapEnd(text, Math.min(text.length, citation.end + CONTEXT_CHARS));
      var mark = highlighted(context, text, from, to, citation.start, citation.end, true);
      context.scrollTop = Math.max(0, mark.offsetTop - 32);
      var dd = meta.querySelectorAll("dd");
      if (doc.publisher && dd[0]) dd[0].textContent = doc.publisher;
      if ((doc.published || doc.published_as) && dd[1]) dd[1].textContent = formatDate(doc.published, doc.published_as);
    }).catch(function () { /* the quote alone is still shown */ });
    announce("Source " + citation.n + " opened: " + citation.title);
  }
  function closeCitation(keepFocus) {
    var panel = $("citation-panel");
    if (panel.hidden) return;
    panel.hidden = true;
    document.body.classList.remove("panel-open");
    if (keepFocus !== true && state.lastCitationTrigger && document.body.contains(state.lastCitationTrigger) &&
        state.lastCitationTrigger.offsetParent !== null) {
      state.lastCitationTrigger.focus();
    }
  }

  // ---- chat ---------------------------------------------------------------------------------------
  var turnCounter = 0;
  function ask(question) {
    if (state.busy) return;
    question = question.trim();
    if (!question) return;
    state.busy = true;
    showError("");
    turnCounter += 1;
    var label = "t" + turnCounter;
    var log = $("chat-log");
    log.appendChild(el("li", { className: "msg msg-user" },
      [el("p", { className: "msg-label", text: "You" }), el("p", { className: "answer-text", text: question })]));
    var textBox = el("div", { className: "answer-text typing" });
    var sources = el("ol", { className: "sources", hidden: true });
    var item = el("li", { className: "msg msg-assistant", "aria-busy": "true", "data-turn": label },
      [el("p", { className: "msg-label", text: "Assistant" }), textBox, sources]);
    log.appendChild(item);
    item.scrollIntoView({ block: "end" });
    $("ask-button").disabled = true;
    announce("Answering…");
    var text = "", citations = [], finalAnswer = null, events = 0;
    var body = { question: question };
    if (state.conversationId) body.conversation_id = state.conversationId;
    stream("/v1/chat", body, function (name, data) {
      events += 1;
      item.setAttribute("data-events", String(events));
      if (name === "analysis") {
        if (data && data.conversation_id) state.conversationId = data.conversation_id;
      } else if (name === "delta") {
        text += (data && data.text) || "";
        renderAnswerText(textBox, text, citations, label);
      } else if (name === "citation") {
        citations.push(data && data.citation ? data.citation : data);
        renderAnswerText(textBox, text, citations, label);
      } else if (name === "final") {
        finalAnswer = data && data.answer && data.answer.answer !== undefined ? data.answer : data;
      } else if (name === "error") {
        throw new ApiError(500, (data && (data.detail || data.title)) || "The answer failed.");
      }
    }).then(function () {
      if (finalAnswer) {
        text = finalAnswer.answer;
        citations = finalAnswer.citations || citations;
        if (finalAnswer.conversation_id) state.conversationId = finalAnswer.conversation_id;
        if (finalAnswer.refused) item.classList.add("msg-refused");
      }
      renderAnswerText(textBox, text, citations, label);
      if (citations.length) {
        sources.hidden = false;
        renderSources(sources, citations);
        sources.setAttribute("aria-label", "Sources for this answer");
      }
      item.appendChild(answerTools({ question: question, answer: text, citations: citations,
        conversation_id: state.conversationId }));
      item.setAttribute("data-done", "true");
      announce("Answer: " + text.replace(MARKER, "") +
        (citations.length ? " (" + citations.length + " sources listed)" : ""));
    }).catch(function (err) {
      textBox.textContent = "The answer could not be completed: " + err.message;
      item.setAttribute("data-done", "error");
      showError(err.message);
      announce("Error: " + err.message);
    }).then(function () {
      textBox.classList.remove("typing");
      item.removeAttribute("aria-busy");
      state.busy = false;
      $("ask-button").disabled = false;
    });
  }
  function setupChat() {
    var form = $("chat-form"), input = $("question");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var q = input.value;
      if (!q.trim() || state.busy) return;
      input.value = "";
      ask(q);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    $("new-conversation").addEventListener("click", function () {
      state.conversationId = null;
      clear($("chat-log"));
      announce("New conversation started.");
      input.focus();
    });
    document.querySelectorAll("[data-example]").forEach(function (button) {
      button.addEventListener("click", function () { ask(button.textContent); });
    });
  }

  // ---- score explorer -----------------------------------------------------------------------------
  var RATING_ORDER = { "Outstanding": 4, "Good": 3, "Requires improvement": 2, "Inadequate": 1 };
  function visibleStatements() {
    var theme = $("filter-theme").value;
    return state.taxonomy.statements.filter(function (s) { return !theme || s.theme === theme; });
  }
  function loadScores() {
    return api("GET", "/v1/scores").then(function (rows) {
      state.scores = rows || [];
      renderScores();
    }).catch(function (err) { showError("Scores could not be loaded: " + err.message); });
  }
  function sortRows(rows) {
    var key = state.sort.key, sign = state.sort.dir === "ascending" ? 1 : -1;
    return rows.slice().sort(function (a, b) {
      var va, vb;
      if (key === "council") { va = a.council; vb = b.council; }
      else if (key === "overall") { va = RATING_ORDER[a.overall_rating] || 0; vb = RATING_ORDER[b.overall_rating] || 0; }
      else { va = a.scores[key] || 0; vb = b.scores[key] || 0; }
      if (va < vb) return -sign;
      if (va > vb) return sign;
      return a.council < b.council ? -1 : 1;
    });
  }
  function sortHeader(key, label, attrs) {
    var th = el("th", Object.assign({ scope: "col" }, attrs || {}));
    if (state.sort.key === key) th.setAttribute("aria-sort", state.sort.dir);
    var button = el("button", { type: "button", className: "sort-button", "data-sort": key }, [label]);
    button.addEventListener("click", function () {
      state.sort = { key: key, dir: state.sort.key === key && state.sort.dir === "ascending" ? "descending" : "ascending" };
      renderScores();
      var again = document.querySelector('#scores-table [data-sort="' + CSS.escape(key) + '"]');
      if (again) again.focus();
      announce("Sorted by " + label + ", " + state.sort.dir + ".");
    });
    th.appendChild(button);
    return th;
  }
  function renderScores() {
    var statements = visibleStatements();
    var rating = $("filter-rating").value, score = $("filter-score").value;
    var rows = state.scores.filter(function (r) {
      if (rating && r.overall_rating !== rating) return false;
      if (score && !statements.some(function (s) { return String(r.scores[s.name]) === score; })) return false;
      return true;
    });
    rows = sortRows(rows);
    var table = $("scores-table"), thead = table.tHead, tbody = table.tBodies[0];
    clear(thead); clear(tbody);
    var themeRow = el("tr"), headRow = el("tr");
    themeRow.appendChild(el("td", { colspan: 2 }));
    var themes = [];
    statements.forEach(function (s) { if (themes.indexOf(s.theme) < 0) themes.push(s.theme); });
    themes.forEach(function (t) {
      var span = statements.filter(function (s) { return s.theme === t; }).length;
      themeRow.appendChild(el("th", { scope: "colgroup", colspan: span, className: "theme-head", text: t }));
    });
    thead.appendChild(themeRow);
    headRow.appendChild(sortHeader("council", "Council"));
    headRow.appendChild(sortHeader("overall", "Overall rating"));
    statements.forEach(function (s) { headRow.appendChild(sortHeader(s.name, s.name, { "data-statement": s.name })); });
    thead.appendChild(headRow);
    rows.forEach(function (r) {
      var tr = el("tr", { "data-council": r.council });
      var name = el("th", { scope: "row" }, [r.council]);
      tr.appendChild(name);
      var overall = el("td", { className: "rating", "data-overall": r.overall_rating || "" },
        [r.overall_rating || "not stated"]);
      if (r.indicative) overall.appendChild(el("span", { className: "tag", text: "indicative" }));
      if (r.overall_percentage !== null && r.overall_percentage !== undefined) {
        overall.appendChild(el("span", { className: "hint", text: " (" + r.overall_percentage + "%)" }));
      }
      tr.appendChild(overall);
      statements.forEach(function (s) {
        var value = r.scores[s.name];
        var has = value !== null && value !== undefined;
        var wording = has ? state.taxonomy.wordings[String(value)] : "no score found";
        var conflict = (r.conflicts || []).indexOf(s.name) >= 0;
        var button = el("button", {
          type: "button", className: "score-cell s" + (has ? value : 0), "data-statement": s.name,
          "data-score": has ? value : "", "aria-pressed": state.selectedCell === r.council + "|" + s.name ? "true" : "false",
          "aria-label": r.council + ", " + s.name + ": " + (has ? "score " + value + ", " + wording : wording) +
            (conflict ? " (the report gives conflicting scores)" : "") + ". Show key findings.",
        }, [has ? String(value) + (conflict ? "*" : "") : "–"]);
        button.addEventListener("click", function () { showFindings(r, s.name, button); });
        tr.appendChild(el("td", null, [button]));
      });
      tbody.appendChild(tr);
    });
    renderChart();
    $("scores-summary").textContent = rows.length + " of " + state.scores.length + " councils shown" +
      (state.scores.length ? "." : ". No CQC assessments are loaded yet.");
  }
  function showFindings(row, statement, button) {
    state.selectedCell = row.council + "|" + statement;
    document.querySelectorAll("#scores-table .score-cell").forEach(function (b) { b.setAttribute("aria-pressed", "false"); });
    button.setAttribute("aria-pressed", "true");
    var section = $("findings"), body = $("findings-body");
    var value = row.scores[statement];
    $("findings-title").textContent = "Key findings: " + statement + " in " + row.council;
    clear(body);
    body.appendChild(el("p", { className: "hint",
      text: "Score: " + (value ? value + " — " + state.taxonomy.wordings[String(value)] : "not found in the report") }));
    var answerBox = el("div", { className: "typing", text: "Looking up the findings" });
    body.appendChild(answerBox);
    section.hidden = false;
    section.setAttribute("aria-busy", "true");
    announce("Loading key findings for " + statement + " in " + row.council + ".");
    api("POST", "/v1/ask", { question: "What were the key findings for " + statement + " in " + row.council + "?" })
      .then(function (answer) {
        answerBox.className = "";
        renderAnswer(answerBox, answer, "f");
        section.setAttribute("data-done", "true");
        announce("Key findings loaded for " + statement + " in " + row.council + ".");
        section.focus();
      }).catch(function (err) {
        answerBox.className = "";
        answerBox.textContent = "The findings could not be loaded: " + err.message;
      }).then(function () { section.removeAttribute("aria-busy"); });
  }
  function setupScores() {
    ["filter-theme", "filter-rating", "filter-score"].forEach(function (id) {
      $(id).addEventListener("change", function () {
        renderScores();
        announce($("scores-summary").textContent);
      });
    });
    $("score-filters").addEventListener("submit", function (e) { e.preventDefault(); });
  }

  // ---- suggestions --------------------------------------------------------------------------------
  function loadCouncils() {
    var select = $("suggest-council");
    return api("GET", "/v1/councils").then(function (data) {
      var list = Array.isArray(data) ? data : (data && (data.councils || data.items)) || [];
      var names = list.map(function (c) { return typeof c === "string" ? c : (c.council || c.name); })
        .filter(Boolean);
      var current = select.value;
      clear(select);
      names.forEach(function (n) { select.appendChild(el("option", { value: n, text: n })); });
      if (current && names.indexOf(current) >= 0) select.value = current;
    }).catch(function (err) { showError("Councils could not be loaded: " + err.message); });
  }
  function editor(labelText, value, field) {
    var id = "plan-" + field + "-" + Math.random().toString(36).slice(2, 8);
    var area = el("textarea", { id: id, rows: 3, "data-field": field });
    area.value = value || "";
    return el("div", { className: "field" }, [el("label", { for: id, text: labelText }), area]);
  }
  function refs(numbers) {
    return (numbers || []).length ? " " + numbers.map(function (n) { return "[" + n + "]"; }).join("") : "";
  }
  function bulletList(items, citations) {
    var ul = el("ul");
    (items || []).forEach(function (text) {
      var li = el("li");
      renderAnswerText(li, text, citations, "p");
      ul.appendChild(li);
    });
    return ul;
  }
  function renderPlan(plan) {
    state.plan = plan;
    var section = $("plan");
    $("plan-title").textContent = "Draft plan: " + plan.statement + " — " + plan.council;
    $("plan-meta").textContent = "Theme: " + plan.theme + ". Current score: " +
      (plan.current_score ? plan.current_score + (plan.score_wording ? " (" + plan.score_wording + ")" : "") : "not found") + ".";
    var items = $("plan-items");
    clear(items);
    if (!plan.items.length) items.appendChild(el("p", { text: "No shortfalls were found for this statement." }));
    plan.items.forEach(function (item, i) {
      var fs = el("fieldset", { className: "plan-item", "data-item": i }, [el("legend", { text: "Item " + (i + 1) })]);
      fs.appendChild(editor("Shortfall", item.shortfall, "shortfall"));
      var cited = el("p", { className: "hint" });
      renderAnswerText(cited, "Evidence:" + refs(item.shortfall_citations), plan.citations, "p");
      fs.appendChild(cited);
      if (item.good_practice.length) {
        fs.appendChild(el("h3", { className: "small-heading", text: "What good looks like" }));
        fs.appendChild(bulletList(item.good_practice.map(function (t, j) {
          return t + refs(item.good_practice_citations.slice(j, j + 1));
        }), plan.citations));
      }
      if (item.peer_examples.length) {
        fs.appendChild(el("h3", { className: "small-heading", text: "Peer examples" }));
        fs.appendChild(bulletList(item.peer_examples.map(function (t, j) {
          return t + refs(item.peer_citations.slice(j, j + 1));
        }), plan.citations));
      }
      fs.appendChild(editor("Draft action", item.draft_action, "draft_action"));
      items.appendChild(fs);
    });
    renderSources($("plan-sources"), plan.citations);
    section.hidden = false;
    section.focus();
    announce("Draft plan ready with " + plan.items.length + " items.");
  }
  function editedPlan() {
    var plan = JSON.parse(JSON.stringify(state.plan));
    document.querySelectorAll("#plan-items .plan-item").forEach(function (fs) {
      var item = plan.items[parseInt(fs.getAttribute("data-item"), 10)];
      fs.querySelectorAll("textarea[data-field]").forEach(function (area) {
        item[area.getAttribute("data-field")] = area.value;
      });
    });
    plan.markdown = planMarkdown(plan);
    return plan;
  }
  function planMarkdown(plan) {
    var lines = ["# Improvement plan: " + plan.statement + " — " + plan.council, "",
      "Theme: " + plan.theme + ". Current score: " + (plan.current_score || "not found") +
      (plan.score_wording ? " (" + plan.score_wording + ")" : "") + ".", ""];
    plan.items.forEach(function (item, i) {
      lines.push("## " + (i + 1) + ". Shortfall", "", item.shortfall + refs(item.shortfall_citations), "");
      if (item.good_practice.length) {
        lines.push("### What good looks like", "");
        item.good_practice.forEach(function (t, j) { lines.push("- " + t + refs(item.good_practice_citations.slice(j, j + 1))); });
        lines.push("");
      }
      if (item.peer_examples.length) {
        lines.push("### Peer examples", "");
        item.peer_examples.forEach(function (t, j) { lines.push("- " + t + refs(item.peer_citations.slice(j, j + 1))); });
        lines.push("");
      }
      lines.push("### Draft action", "", item.draft_action, "");
    });
    lines.push("## Sources", "");
    plan.citations.forEach(function (c) {
      lines.push("[" + c.n + "] " + c.title + (c.publisher ? ", " + c.publisher : "") +
        (c.published ? ", " + c.published : "") + (c.section ? " — " + c.section : "") + ": \"" +
        c.quote.replace(/\s+/g, " ") + "\"");
    });
    return lines.join("\n") + "\n";
  }
  function fileStem(plan) {
    return ("improvement-plan-" + plan.council + "-" + plan.statement).toLowerCase()
      .replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  }
  function download(blob, name) {
    var url = URL.createObjectURL(blob);
    var a = el("a", { href: url, download: name, hidden: true });
    document.body.appendChild(a);
    a.click();
    window.setTimeout(function () { URL.revokeObjectURL(url); a.remove(); }, 1000);
  }
  function setupSuggestions() {
    var statementSelect = $("suggest-statement");
    state.taxonomy.statements.forEach(function (s) {
      statementSelect.appendChild(el("option", { value: s.name, text: s.name + " (" + s.theme + ")" }));
    });
    $("suggest-form").addEventListener("submit", function (event) {
      event.preventDefault();
      var button = $("suggest-button");
      button.disabled = true;
      showError("");
      announce("Drafting the plan…");
      api("POST", "/v1/suggestions", { council: $("suggest-council").value, statement: statementSelect.value })
        .then(renderPlan)
        .catch(function (err) { showError("The plan could not be drafted: " + err.message); })
        .then(function () { button.disabled = false; });
    });
    $("export-md").addEventListener("click", function () {
      var plan = editedPlan();
      download(new Blob([plan.markdown], { type: "text/markdown" }), fileStem(plan) + ".md");
      announce("Markdown downloaded.");
    });
    $("export-docx").addEventListener("click", function () {
      var plan = editedPlan();
      apiBlob("/v1/suggestions/docx", plan).then(function (blob) {
        download(blob, fileStem(plan) + ".docx");
        announce("Word document downloaded.");
      }).catch(function (err) { showError("The Word document could not be made: " + err.message); });
    });
  }

  // ---- documents ----------------------------------------------------------------------------------
  function loadDocuments() {
    return api("GET", "/v1/documents").then(function (data) {
      var docs = Array.isArray(data) ? data : (data && (data.documents || data.items)) || [];
      var tbody = $("documents-table").tBodies[0];
      clear(tbody);
      docs.forEach(function (d) {
        var open = el("a", { href: "#/document/" + encodeURIComponent(d.doc_id) }, [d.title]);
        var remove = el("button", { type: "button", className: "button danger", "data-remove": d.doc_id },
          ["Remove", el("span", { className: "visually-hidden", text: " " + d.title })]);
        remove.addEventListener("click", function () { removeDocument(d); });
        tbody.appendChild(el("tr", { "data-doc": d.doc_id }, [
          el("th", { scope: "row" }, [open]), el("td", { text: String(d.kind || "").replace(/_/g, " ") }),
          el("td", { text: d.council || "—" }), el("td", { text: d.publisher || "—" }),
          el("td", { text: d.published || d.published_as ? formatDate(d.published, d.published_as) : "—" }),
          el("td", { text: String(d.chunk_count) }), el("td", null, isAdmin() ? [remove] : []),
        ]));
      });
      if (!docs.length) tbody.appendChild(el("tr", null, [el("td", { colspan: 7, text: "No documents are loaded." })]));
    }).catch(function (err) { showError("Documents could not be loaded: " + err.message); });
  }
  function removeDocument(d) {
    if (!window.confirm("Remove “" + d.title + "” from the assistant?")) return;
    api("DELETE", "/v1/documents/" + encodeURIComponent(d.doc_id)).then(function () {
      delete state.docTexts[d.doc_id];
      announce("Removed " + d.title + ".");
      return Promise.all([loadDocuments(), loadScores(), loadCouncils()]);
    }).catch(function (err) { showError("Could not remove the document: " + err.message); });
  }
  /* An upload is an ingest job any worker may run: poll GET /v1/jobs/{id} until it is done or failed. */
  function followJob(job, name) {
    if (job.status === "done") return Promise.resolve(job);
    if (job.status === "failed") return Promise.reject(new ApiError(job.error_status || 422, job.error || "The ingest failed."));
    if (job.status === "running") {
      var done = job.chunks_total ? " (" + job.chunks_done + " of " + job.chunks_total + " passages)" : "";
      announce("Reading " + name + ": " + Math.round(job.progress * 100) + "%" + done + "…");
    }
    return new Promise(function (resolve) { setTimeout(resolve, 700); }).then(function () {
      return api("GET", "/v1/jobs/" + encodeURIComponent(job.id));
    }).then(function (next) { return followJob(next, name); });
  }
  function setupDocuments() {
    $("upload-form").addEventListener("submit", function (event) {
      event.preventDefault();
      var input = $("upload-file");
      if (!input.files.length) return;
      var form = new FormData();
      form.append("file", input.files[0]);
      showError("");
      announce("Uploading " + input.files[0].name + "…");
      var name = input.files[0].name;
      fetch("/v1/documents", { method: "POST", headers: headers(), body: form }).then(function (r) {
        return r.ok ? r.json() : problemMessage(r);
      }).then(function (job) {
        return followJob(job, name);
      }).then(function (job) {
        input.value = "";
        var status = job.outcome && job.outcome.status;
        announce(status === "unchanged" ? name + " is already loaded." : "Document uploaded.");
        state.docTexts = {};
        return Promise.all([loadDocuments(), loadScores(), loadCouncils()]);
      }).catch(function (err) { showError("Upload failed: " + err.message); });
    });
  }
  function showDocument(docId, start, end) {
    var box = $("document-text");
    box.textContent = "Loading…";
    $("document-title").textContent = "Document";
    $("document-meta").textContent = "";
    documentText(docId).then(function (doc) {
      $("document-title").textContent = doc.title;
      $("document-meta").textContent = [doc.publisher || "Publisher not stated",
        formatDate(doc.published, doc.published_as)].join(" · ");
      if (start !== null && end !== null && end > start && end <= doc.text.length) {
        var mark = highlighted(box, doc.text, 0, doc.text.length, start, end);
        box.scrollTop = Math.max(0, mark.offsetTop - box.clientHeight / 3);
      } else {
        box.textContent = doc.text;
      }
    }).catch(function (err) { box.textContent = "The document could not be loaded: " + err.message; });
  }

  // ---- API key form -------------------------------------------------------------------------------
  function setupKey() {
    var toggle = $("key-toggle"), form = $("key-form"), input = $("api-key"), note = $("key-state");
    function refresh() { note.textContent = apiKey() ? "A key is set for this tab." : "No key is set."; }
    toggle.addEventListener("click", function () {
      form.hidden = !form.hidden;
      toggle.setAttribute("aria-expanded", String(!form.hidden));
      if (!form.hidden) input.focus();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      try { sessionStorage.setItem(KEY_STORE, input.value.trim()); } catch (e) { /* storage blocked */ }
      input.value = "";
      refresh();
      announce("API key saved.");
      state.docTexts = {};
      loadRole().then(route);
    });
    $("key-clear").addEventListener("click", function () {
      try { sessionStorage.removeItem(KEY_STORE); } catch (e) { /* storage blocked */ }
      refresh();
      announce("API key forgotten.");
      loadRole().then(route);
    });
    refresh();
  }

  // ---- routing ------------------------------------------------------------------------------------
  var VIEWS = ["chat", "scores", "suggestions", "documents", "document", "conversations", "feedback"];
  var ADMIN_VIEWS = ["documents", "feedback"];
  var shownView = null;
  var previousView = "chat";
  function route() {
    var hash = location.hash.replace(/^#\/?/, "");
    if (/^(cite|source)-/.test(hash)) return;
    var path = hash.split("?")[0], query = new URLSearchParams(hash.split("?")[1] || "");
    var parts = path.split("/");
    var view = VIEWS.indexOf(parts[0]) >= 0 ? parts[0] : "chat";
    if (ADMIN_VIEWS.indexOf(view) >= 0 && state.role === "reader") view = "chat";  // "none": ask for a key
    if (shownView !== null && view !== shownView) closeCitation(true);  // the panel belongs to its view
    shownView = view;
    showError("");
    VIEWS.forEach(function (v) { $("view-" + v).hidden = v !== view; });
    document.querySelectorAll(".nav-list a").forEach(function (a) {
      if (a.getAttribute("data-view") === view) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    });
    var titles = { chat: "Chat", scores: "Score explorer", suggestions: "Suggestions", documents: "Documents",
      document: "Document", conversations: "My conversations", feedback: "Feedback" };
    document.title = titles[view] + " — CQC assessment assistant";
    if (view === "scores") loadScores();
    if (view === "suggestions") loadCouncils();
    if (view === "documents") loadDocuments();
    if (view === "conversations") loadConversations();
    if (view === "feedback") loadFeedback();
    if (view === "document") {
      $("document-back").href = "#/" + previousView;
      var start = query.get("start"), end = query.get("end");
      showDocument(decodeURIComponent(parts.slice(1).join("/")), start === null ? null : parseInt(start, 10),
        end === null ? null : parseInt(end, 10));
    } else {
      previousView = view;
    }
  }

  function start() {
    setupKey();
    setupChat();
    setupScores();
    setupDocuments();
    setupExtras();
    $("citation-close").addEventListener("click", closeCitation);
    document.addEventListener("keydown", function (event) { if (event.key === "Escape") closeCitation(); });
    window.addEventListener("hashchange", function () {
      route();
      var view = document.querySelector(".view:not([hidden]) h1");
      if (view && !/^#(cite|source)-/.test(location.hash)) { view.setAttribute("tabindex", "-1"); view.focus(); }
    });
    fetch("/ui/taxonomy.json").then(function (r) { return r.json(); }).then(function (taxonomy) {
      state.taxonomy = taxonomy;
      taxonomy.themes.forEach(function (t) { $("filter-theme").appendChild(el("option", { value: t, text: t })); });
      taxonomy.ratings.forEach(function (t) { $("filter-rating").appendChild(el("option", { value: t, text: t })); });
      setupSuggestions();
      return loadRole();
    }).then(function () {
      route();
      document.body.setAttribute("data-ready", "true");
    }).catch(function () { showError("The page could not start: the service did not answer."); });
  }
  window.CQCApp = {
    $: $, el: el, clear: clear, announce: announce, showError: showError, formatDate: formatDate, api: api,
    headers: headers, problemMessage: problemMessage, apiBlob: apiBlob, download: download, state: state,
    renderAnswerText: renderAnswerText, renderSources: renderSources, displayText: displayText, MARKER: MARKER,
  };
  function isAdmin() { return state.role === "admin" || state.role === "open"; }
  function loadRole() {
    return api("GET", "/v1/me").then(function (me) { state.role = me.role; }, function () { state.role = "none"; })
      .then(function () {
        document.body.setAttribute("data-role", state.role);
        document.querySelectorAll(".admin-only").forEach(function (node) { node.hidden = !isAdmin(); });
        $("open-note").hidden = state.role !== "open";
        $("role-badge").textContent = { admin: "Admin", reader: "Reader", open: "Local (no keys): admin",
          none: "No key" }[state.role] || "";
      });
  }
  function renderChart() {
    var select = $("chart-council"), councils = state.scores.map(function (r) { return r.council; }).sort();
    var current = state.chartCouncil && councils.indexOf(state.chartCouncil) >= 0 ? state.chartCouncil : councils[0] || "";
    clear(select);
    councils.forEach(function (c) { select.appendChild(el("option", { value: c, text: c })); });
    select.value = current;
    state.chartCouncil = current;
    $("chart-section").hidden = !councils.length;
    window.CQCScoreChart.render($("score-chart"), state.scores, state.taxonomy.statements, current,
      state.taxonomy.wordings);
  }
  function setupExtras() {
    $("chart-council").addEventListener("change", function () {
      state.chartCouncil = $("chart-council").value;
      renderChart();
      announce("Chart shows " + state.chartCouncil + ".");
    });
    window.CQCExtras.setup();
  }
  function answerTools(item) { return window.CQCExtras.answerTools(item); }
  function loadConversations() { return window.CQCExtras.loadConversations(); }
  function loadFeedback() { return window.CQCExtras.loadFeedback(); }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
