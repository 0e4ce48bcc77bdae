/* Answer tools (helpful / wrong feedback, markdown copy, Word download), "My conversations" and the admins' feedback
 * list. Uses the helpers app.js exposes as window.CQCApp (looked up at call time: this file loads first).
 * Text reaches the page through textContent only, as in app.js. */
(function () {
  "use strict";
  function A() { return window.CQCApp; }
  var seq = 0;

  function cleanQuote(text) { return String(text || "").replace(/\s+/g, " ").trim(); }
  function sourceLine(c) {
    var app = A();
    return "[" + c.n + "] " + app.displayText(c.title) + " (" + (c.publisher || "publisher not stated") + ", " +
      app.formatDate(c.published, c.published_as) + ")" + (c.section ? ", " + app.displayText(c.section) : "") +
      ": \u201c" + cleanQuote(c.quote) + "\u201d";
  }
  /* The answer as markdown: the question, the answer with its [n] markers, then the numbered sources. */
  function answerMarkdown(item) {
    var lines = ["**Question:** " + item.question, "", item.answer.trim(), ""];
    if (item.citations && item.citations.length) {
      lines.push("**Sources**", "");
      item.citations.forEach(function (c) { lines.push(sourceLine(c).replace(/^\[(\d+)\]/, "$1.")); });
    }
    return lines.join("\n") + "\n";
  }
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return legacyCopy(text); });
    }
    return Promise.resolve(legacyCopy(text));
  }
  function legacyCopy(text) {
    var area = A().el("textarea", { className: "visually-hidden", "aria-hidden": "true", tabindex: "-1" });
    area.value = text;
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    area.remove();
    if (!ok) throw new Error("the browser did not allow copying");
  }

  /* The row under an answer: Helpful / Wrong (each opens an optional comment), Copy, Word. */
  function answerTools(item) {
    var app = A(), el = app.el;
    seq += 1;
    var id = "fb-" + seq;
    var box = el("div", { className: "answer-tools" });
    var status = el("p", { className: "hint tools-status", role: "status" });
    var up = el("button", { type: "button", className: "button secondary tool", "aria-pressed": "false",
      "data-rating": "up", "aria-controls": id }, [el("span", { "aria-hidden": "true", text: "✓" }), " Helpful"]);
    var down = el("button", { type: "button", className: "button secondary tool", "aria-pressed": "false",
      "data-rating": "down", "aria-controls": id }, [el("span", { "aria-hidden": "true", text: "✗" }), " Wrong or unhelpful"]);
    var copy = el("button", { type: "button", className: "button secondary tool", "data-tool": "copy" },
      ["Copy with sources"]);
    var word = el("button", { type: "button", className: "button secondary tool", "data-tool": "docx" },
      ["Download Word"]);
    var comment = el("textarea", { id: id + "-comment", rows: 2, maxlength: 2000 });
    var send = el("button", { type: "submit", className: "button", text: "Send feedback" });
    var form = el("form", { id: id, className: "feedback-form", hidden: true }, [
      el("label", { for: id + "-comment", text: "What was right or wrong? (optional)" }), comment,
      el("div", { className: "row" }, [send]),
    ]);
    var rating = null;
    [up, down].forEach(function (button) {
      button.addEventListener("click", function () {
        rating = button.getAttribute("data-rating");
        up.setAttribute("aria-pressed", String(rating === "up"));
        down.setAttribute("aria-pressed", String(rating === "down"));
        form.hidden = false;
        comment.focus();
      });
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!rating) return;
      send.disabled = true;
      app.api("POST", "/v1/feedback", {
        rating: rating, comment: comment.value.trim() || null, question: item.question, answer: item.answer,
        citations: item.citations || [], conversation_id: item.conversation_id || null,
      }).then(function () {
        form.hidden = true;
        box.setAttribute("data-feedback", rating);
        status.textContent = "Thank you: your feedback was sent to the team.";
        app.announce(status.textContent);
      }).catch(function (err) {
        status.textContent = "The feedback could not be sent: " + err.message;
      }).then(function () { send.disabled = false; });
    });
    copy.addEventListener("click", function () {
      var text = answerMarkdown(item);
      window.CQCExtras.lastCopied = text;
      copyText(text).then(function () {
        status.textContent = "Answer and sources copied as markdown.";
      }).catch(function (err) {
        status.textContent = "Could not copy: " + err.message;
      }).then(function () { app.announce(status.textContent); });
    });
    word.addEventListener("click", function () {
      app.apiBlob("/v1/answers/docx", { question: item.question, answer: item.answer, citations: item.citations || [] })
        .then(function (blob) {
          app.download(blob, "cqc-assistant-answer.docx");
          status.textContent = "Word document downloaded.";
          app.announce(status.textContent);
        }).catch(function (err) { status.textContent = "The Word document could not be made: " + err.message; });
    });
    box.appendChild(el("div", { className: "row tools-row", role: "group", "aria-label": "Rate, copy or export this answer" },
      [up, down, copy, word]));
    box.appendChild(form);
    box.appendChild(status);
    return box;
  }

  // ---- my conversations ---------------------------------------------------------------------------
  function loadConversations() {
    var app = A(), list = app.$("conversation-list");
    app.clear(list);
    return app.api("GET", "/v1/conversations").then(function (data) {
      var items = (data && data.conversations) || [];
      if (!items.length) list.appendChild(app.el("li", { text: "No conversations yet: ask a question in Chat." }));
      items.forEach(function (c) {
        var open = app.el("button", { type: "button", className: "button secondary", "data-open": c.id },
          ["Open", app.el("span", { className: "visually-hidden", text: ": " + c.title })]);
        open.addEventListener("click", function () { openConversation(c.id); });
        list.appendChild(app.el("li", { className: "conversation-item", "data-conversation": c.id }, [
          app.el("p", { className: "conversation-title", text: c.title }),
          app.el("p", { className: "hint", text: c.turns + (c.turns === 1 ? " question" : " questions") +
            " · last used " + app.formatDate(String(c.updated_at).slice(0, 10)) }),
          open,
        ]));
      });
    }).catch(function (err) { app.showError("Conversations could not be loaded: " + err.message); });
  }
  function openConversation(id) {
    var app = A();
    return app.api("GET", "/v1/conversations/" + encodeURIComponent(id)).then(function (data) {
      var log = app.$("chat-log");
      app.clear(log);
      data.turns.forEach(function (turn, i) {
        var answer = turn.answer || {}, label = "r" + i;
        log.appendChild(app.el("li", { className: "msg msg-user" }, [
          app.el("p", { className: "msg-label", text: "You" }),
          app.el("p", { className: "answer-text", text: turn.question })]));
        var textBox = app.el("div", { className: "answer-text" });
        app.renderAnswerText(textBox, answer.answer, answer.citations, label);
        var item = app.el("li", { className: "msg msg-assistant", "data-done": "true", "data-turn": label },
          [app.el("p", { className: "msg-label", text: "Assistant" }), textBox]);
        if (answer.citations && answer.citations.length) {
          var sources = app.el("ol", { className: "sources", "aria-label": "Sources for this answer" });
          app.renderSources(sources, answer.citations);
          item.appendChild(sources);
        }
        item.appendChild(answerTools({ question: turn.question, answer: answer.answer || "",
          citations: answer.citations || [], conversation_id: id }));
        log.appendChild(item);
      });
      app.state.conversationId = id;
      location.hash = "#/chat";
      app.announce("Conversation reopened with " + data.turns.length + " questions. Ask a follow-up.");
    }).catch(function (err) { app.showError("The conversation could not be opened: " + err.message); });
  }

  // ---- feedback (admins) --------------------------------------------------------------------------
  function loadFeedback() {
    var app = A(), tbody = app.$("feedback-table").tBodies[0];
    app.clear(tbody);
    return app.api("GET", "/v1/feedback?limit=500").then(function (data) {
      var items = (data && data.feedback) || [];
      var downs = items.filter(function (f) { return f.rating === "down"; }).length;
      app.$("feedback-summary").textContent = items.length + " responses: " + (items.length - downs) +
        " helpful, " + downs + " wrong or unhelpful.";
      items.forEach(function (f) {
        var sources = app.el("ol", { className: "sources" });
        (f.citations || []).forEach(function (c) {
          sources.appendChild(app.el("li", { value: c.n, text: app.displayText(c.title + (c.section ? " — " + c.section : "")) }));
        });
        tbody.appendChild(app.el("tr", { "data-feedback": f.id, className: "rating-" + f.rating }, [
          app.el("td", { text: app.formatDate(String(f.at).slice(0, 10)) }),
          app.el("td", { className: "rating-cell", text: f.rating === "up" ? "✓ Helpful" : "✗ Wrong or unhelpful" }),
          app.el("th", { scope: "row", text: f.question }),
          app.el("td", { className: "answer-cell", text: f.answer }),
          app.el("td", { text: f.comment || "—" }),
          app.el("td", null, [sources]),
        ]));
      });
      if (!items.length) tbody.appendChild(app.el("tr", null, [app.el("td", { colspan: 6, text: "No feedback yet." })]));
    }).catch(function (err) { app.showError("Feedback could not be loaded: " + err.message); });
  }
  function setup() {
    var app = A();
    app.$("feedback-csv").addEventListener("click", function () {
      fetch("/v1/feedback?format=csv", { headers: app.headers({ Accept: "text/csv" }) }).then(function (r) {
        return r.ok ? r.blob() : app.problemMessage(r);
      }).then(function (blob) {
        app.download(blob, "cqc-assistant-feedback.csv");
        app.announce("Feedback CSV downloaded.");
      }).catch(function (err) { app.showError("The CSV could not be downloaded: " + err.message); });
    });
  }

  window.CQCExtras = {
    answerTools: answerTools, answerMarkdown: answerMarkdown, loadConversations: loadConversations,
    openConversation: openConversation, loadFeedback: loadFeedback, setup: setup, lastCopied: null,
  };
})();
